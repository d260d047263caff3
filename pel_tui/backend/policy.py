"""Every number that shared/RULES.md marks **Decision**, in one typed, overridable place.

Screens and the command line read these values; they never repeat them.
"""

from __future__ import annotations

import msgspec

DAY = 86_400


class Plan(msgspec.Struct, frozen=True):
    """A subscription plan (SU-1)."""

    name: str
    label: str
    months: int
    price_cents: int
    consultation: int
    offer: int
    contact: int

    def allotment(self) -> dict[str, int]:
        return {"consultation": self.consultation, "offer": self.offer, "contact": self.contact}


def _default_plans() -> dict[str, Plan]:
    return {
        "essentiel": Plan("essentiel", "Essentiel", 1, 3_900, 20, 10, 5),
        "pro": Plan("pro", "Pro", 3, 9_900, 75, 35, 15),
        "expert": Plan("expert", "Expert", 12, 34_900, 320, 150, 60),
    }


class ProfilePolicy(msgspec.Struct, frozen=True):
    """PF and RF **Decisions** (shared/RULES.md), overridable with `msgspec.structs.replace`."""

    description_min_chars: int = 200  # PF-3 completeness
    min_skills: int = 3  # PF-3 completeness
    max_skills: int = 30
    display_name_max_chars: int = 80
    headline_max_chars: int = 120
    description_max_chars: int = 5_000
    image_max_bytes: int = 5 * 1024 * 1024  # PF-3
    image_min_px: int = 200  # PF-3
    portfolio_max_items: int = 30  # PF-5
    portfolio_max_images: int = 5  # PF-5
    reference_max_age_years: int = 5  # PF-7
    reference_expiry_days: int = 14  # PF-7
    reference_resend_hours: int = 48  # PF-7
    reference_max_sends: int = 3  # PF-7
    certification_references: int = 3  # PF-6 (a)
    certification_projects: int = 5  # PF-6 (b)
    certification_min_rating: float = 4.5  # PF-6 (b)
    certification_dispute_months: int = 12  # PF-6 (b)
    referral_reward_offer_credits: int = 5  # RF-1
    referral_max_rewarded: int = 3  # RF-1
    referral_period_months: int = 12  # RF-1
    #: PF-7's "own domain" check does not apply to shared webmail domains.
    public_mail_domains: tuple[str, ...] = (
        "gmail.com", "googlemail.com", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr",
        "live.com", "live.fr", "yahoo.com", "yahoo.fr", "icloud.com", "me.com", "orange.fr",
        "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "gmx.fr", "gmx.com", "proton.me",
        "protonmail.com", "bbox.fr", "skynet.be", "bluewin.ch",
    )


class Policy(msgspec.Struct, frozen=True):
    """The marketplace's decided numbers. Override with `msgspec.structs.replace(policy, ...)`."""

    project_expiry_days: int = 90  # PR-2
    sink_after_days: int = 30  # PR-3
    stale_answer_days: int = 7  # PR-6
    credit_validity_months: int = 12  # CR-4, CR-8
    offer_message_min_chars: int = 30  # OF-1
    offer_message_max_chars: int = 10_000  # OF-1: an offer is read by a person
    question_max_chars: int = 5_000  # OF-5: a message on the report
    confirm_terms_days: int = 7  # CT-1
    commission_rate_bp: int = 500  # CT-3: 5 % in basis points
    commission_min_cents: int = 1_000  # CT-3
    r0_fee_rate_bp: int = 250  # CT-3: 2.5 %
    r0_fee_min_cents: int = 1_000  # CT-3
    plans: dict[str, Plan] = msgspec.field(default_factory=_default_plans)  # SU-1
    renewal_notice_days_monthly: int = 7  # SU-3
    renewal_notice_days_longer: int = 30  # SU-3
    suspension_min_months: int = 1  # SU-5
    suspension_max_months: int = 3  # SU-5
    suspension_every_months: int = 12  # SU-5
    incident_grace_days: int = 30  # SU-6
    credit_expiry_notice_days: int = 14  # NO-1
    vat_rate_bp: int = 2_000  # platform invoices (SU-8): 20 % French VAT
    digest_hour_utc: int = 6  # PR-8: the daily digest goes out at this hour
    client_reminder_days: int = 7  # ES-3: Suivi Projet reminds a silent client
    invoice_max_bytes: int = 10 * 1024 * 1024  # PA-2
    invoice_max_pages: int = 20  # PA-2
    payment_business_days: int = 3  # PA-4: transfer after validation
    progress_report_days: int = 7  # FO-1
    finalize_deemed_days: int = 7  # FO-2
    rating_window_days: int = 30  # FO-3
    #: ST-1's reference line: the platform's own figures (FAQ).
    platform_go_ahead_rate: float = 0.33
    platform_win_rate: float = 0.10
    profile: ProfilePolicy = msgspec.field(default_factory=ProfilePolicy)  # PF, RF
    provider_countries: tuple[str, ...] = (  # PF-4
        "FR", "BE", "CH", "LU", "MC", "CA", "MA", "TN", "SN", "CI",
    )

    def commission_cents(self, amount_cents: int) -> int:
        """CT-3: 5 % of the amount, at least 10 €, rounded half up to the cent."""
        return max(self.commission_min_cents, (amount_cents * self.commission_rate_bp + 5_000) // 10_000)

    def r0_fee_cents(self, amount_cents: int) -> int:
        """CT-3: the R0 option, 2.5 % of the amount, at least 10 €."""
        return max(self.r0_fee_min_cents, (amount_cents * self.r0_fee_rate_bp + 5_000) // 10_000)

    def renewal_notice_days(self, plan: Plan) -> int:
        return self.renewal_notice_days_monthly if plan.months == 1 else self.renewal_notice_days_longer

    def subscription_sentence(self, plan: Plan) -> str:
        """SU-2: the exact sentence the provider types to subscribe."""
        euros = f"{plan.price_cents // 100},{plan.price_cents % 100:02d}"
        per = {1: "par mois", 3: "par trimestre", 12: "par an"}.get(plan.months, f"tous les {plan.months} mois")
        return (
            f"Je souscris à l'abonnement {plan.label} à {euros} € HT {per}, "
            "renouvelable tacitement, et j'accepte les conditions générales."
        )


DEFAULT_POLICY = Policy()
