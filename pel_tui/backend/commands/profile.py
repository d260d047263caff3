"""Profile, portfolio, references and referral (PF-2 … PF-8, RF-1): the provider's verbs and the SCP's.

Images travel beside the command (`BlobRef`: the SHA-256, the file's name and size); the handler
takes their bytes from `ctx.blobs` and checks them again before keeping them.
"""

from __future__ import annotations

from typing import ClassVar, NotRequired, TypedDict

import msgspec

from pel_tui.backend.commands.base import BlobRef, ProviderCommand, ServiceCommand

# -- values -----------------------------------------------------------------------------------------


class Lack(TypedDict):
    """What a profile (PF-3) or a certification path (PF-6) lacks, as values; the edge says it in words.

    `what`: photo, description (characters), skills, portfolio (items), legal_identity; references
    (certified ones), projects (finalized ones), rating (the average; `have` is None without a
    rating), disputes (lost in the last `months` months; `needed` is the most allowed, 0).
    `have` is the provider's figure, `needed` the one required; `pending`: references awaiting the client.
    """

    what: str
    have: int | float | None
    needed: int | float
    pending: NotRequired[int]
    months: NotRequired[int]


class LegalIdentity(TypedDict):
    status: str  # company, micro_entreprise, umbrella
    legal_name: str
    siret: str
    vat_number: str | None
    address: str | None


# -- results ------------------------------------------------------------------------------------------


class ProfileUpdated(TypedDict):
    changed: dict[str, str | list[str]]
    completeness: int
    missing: list[Lack]


class Renamed(TypedDict):
    pseudo: str


class PhotoSet(TypedDict):
    sha256: str
    width: int
    height: int
    completeness: int


class LegalSet(TypedDict):
    legal: LegalIdentity
    completeness: int


class PortfolioAdded(TypedDict):
    item_id: int
    title: str
    images: list[str]  # SHA-256 of each image, in order
    completeness: int


class PortfolioRemoved(TypedDict):
    removed: int
    title: str
    completeness: int


class ReferenceAdded(TypedDict):
    reference_id: int
    status: str  # pending, or refused at once (own_domain)
    refusal: str | None
    sends: int
    expires_on: int | None


class ReferenceResent(TypedDict):
    reference_id: int
    status: str
    sends: int
    sends_left: int
    expires_on: int


class ReferralSubmitted(TypedDict):
    referral_id: int
    url: str
    status: str


class ReferenceConfirmed(TypedDict):
    reference_id: int
    status: str
    provider_certified: bool


class ReferenceRefused(TypedDict):
    reference_id: int
    status: str
    refusal: str


class ReferralChecked(TypedDict):
    referral_id: int
    status: str  # rewarded, refused
    offer_credits: int
    #: Why it was refused: not_verified (the checker said so), already_rewarded, limit; None when rewarded.
    reason: str | None
    #: The checker's own words, if any.
    note: str | None
    #: `limit`: when the next promotion can be rewarded.
    next_at: int | None


# -- the provider's verbs ---------------------------------------------------------------------------


class UpdateProfile(ProviderCommand, frozen=True, kw_only=True):
    """PF-3: change anything in the profile but the pseudo (PF-2); None leaves a field as it is."""

    NAME: ClassVar[str] = "profile.update"
    RESULT: ClassVar[type] = ProfileUpdated
    display_name: str | None = None
    headline: str | None = None
    description: str | None = None
    skills: list[str] | None = None
    country: str | None = None


class RenamePseudo(ProviderCommand, frozen=True, kw_only=True):
    """PF-2: always refused; the pseudo is immutable."""

    NAME: ClassVar[str] = "profile.rename_pseudo"
    RESULT: ClassVar[type] = Renamed
    new: str


class SetPhoto(ProviderCommand, frozen=True, kw_only=True):
    """PF-3: a PNG or JPEG of at most 5 MB and at least 200×200, kept content-addressed."""

    NAME: ClassVar[str] = "profile.set_photo"
    RESULT: ClassVar[type] = PhotoSet
    photo: BlobRef


class SetLegalIdentity(ProviderCommand, frozen=True, kw_only=True):
    """PF-3: status, legal name, SIRET (France: 14 digits with its checksum), VAT number, address."""

    NAME: ClassVar[str] = "profile.set_legal_identity"
    RESULT: ClassVar[type] = LegalSet
    status: str
    legal_name: str
    siret: str
    vat_number: str | None = None
    address: str | None = None


class AddPortfolioItem(ProviderCommand, frozen=True, kw_only=True):
    """PF-5: up to 30 items, each with up to 5 images checked like the photo."""

    NAME: ClassVar[str] = "portfolio.add"
    RESULT: ClassVar[type] = PortfolioAdded
    title: str
    description: str
    year: int
    link: str | None = None
    images: list[BlobRef] = msgspec.field(default_factory=list)


class RemovePortfolioItem(ProviderCommand, frozen=True, kw_only=True):
    NAME: ClassVar[str] = "portfolio.remove"
    RESULT: ClassVar[type] = PortfolioRemoved
    item_id: int


class AddReference(ProviderCommand, frozen=True, kw_only=True):
    """PF-7: the SCP emails the client at once; an email on the provider's own domain is refused at once."""

    NAME: ClassVar[str] = "reference.add"
    RESULT: ClassVar[type] = ReferenceAdded
    client_name: str
    client_email: str
    work: str
    year: int


class ResendReference(ProviderCommand, frozen=True, kw_only=True):
    """PF-7: re-send after 48 hours, at most 3 sends in all; an expired request is pending again."""

    NAME: ClassVar[str] = "reference.resend"
    RESULT: ClassVar[type] = ReferenceResent
    reference_id: int


class SubmitReferral(ProviderCommand, frozen=True, kw_only=True):
    """RF-1: the URL of an article or a link that promotes the platform, for the platform to check."""

    NAME: ClassVar[str] = "referral.submit"
    RESULT: ClassVar[type] = ReferralSubmitted
    url: str


# -- the SCP's ------------------------------------------------------------------------------------------


class ConfirmReference(ServiceCommand, frozen=True, kw_only=True):
    """PF-7: the client confirmed the reference; PF-6 may make the provider certified."""

    NAME: ClassVar[str] = "reference.confirm"
    ROLE: ClassVar[str] = "scp"
    RESULT: ClassVar[type] = ReferenceConfirmed
    reference_id: int


class RefuseReference(ServiceCommand, frozen=True, kw_only=True):
    """PF-7: the SCP refuses a reference with one of the rule's reasons."""

    NAME: ClassVar[str] = "reference.refuse"
    ROLE: ClassVar[str] = "scp"
    RESULT: ClassVar[type] = ReferenceRefused
    reference_id: int
    reason: str


class CheckReferral(ServiceCommand, frozen=True, kw_only=True):
    """RF-1: a checked promotion earns 5 offer credits; 3 per 12 months; a URL once."""

    NAME: ClassVar[str] = "referral.check"
    ROLE: ClassVar[str] = "scp"
    RESULT: ClassVar[type] = ReferralChecked
    referral_id: int
    ok: bool
    note: str = ""
