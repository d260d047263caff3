"""What a message tells the reader to do, as an action id: a command in the CLI, a key in the app.

`ACTIONS[id] = (command line, binding id or None, default key, where the key is)`: the command line's text
takes the message's parameters (`{project_id}`); the application says the binding's key (after
the user's keymap) and the screen it is on. An action with no key in the application is said to
be for a terminal. A test holds each default key here to the screens' own bindings. Where the key
is (`the Subscription screen, 4`: the screen and the key that opens it) is marked with `N_` and
translated where it is said (`AppVoice.do`).
"""

from __future__ import annotations

from pel_tui.i18n import N_

#: action id → (the command line's command, the app's binding id, its default key, where it is)
ACTIONS: dict[str, tuple[str, str | None, str, str]] = {
    # -- projects, credits, offers --
    "report.consult": ("pel consult {project_id}", "report.consult", "c", N_("the project's report")),
    # -- selections, contracts, subscription, account --
    "subscription.resume": ("pel resume", "subscription.resume", "r", N_("the Subscription screen, 4")),
    "subscription.settle": ("pel settle", "subscription.settle", "$", N_("the Subscription screen, 4")),
    "subscription.cancel": ("pel cancel", "subscription.cancel", "X", N_("the Subscription screen, 4")),
    "subscription.subscribe": ("pel subscribe PLAN", "subscription.subscribe", "P", N_("the Subscription screen, 4")),
    "subscription.invoices": ("pel invoices", "subscription.save", "e", N_("the Subscription screen, 4")),
    "subscription.keep_plan": ("pel keep-plan", None, "", ""),
    "offers.confirm": ("pel confirm {project_id}", "offers.confirm", "A", N_("the My offers screen, 2")),
    "offers.confirm_commission": ("pel confirm {project_id} --accept-commission", "offers.confirm", "A",
                                  N_("the My offers screen, 2")),
    # -- payment requests and invoices --
    "payments.submit": ("pel pay {project_id}", "payments.submit", "ctrl+s", N_("the Payments screen, 6")),
    # -- escrow and follow-up --
    "escrow.accept": ("pel dispute-accept {project_id}", "escrow.accept", "A", N_("the Escrow screen, 5")),
    "escrow.rate": ("pel rate {project_id} STARS", "escrow.rate", "R", N_("the Escrow screen, 5")),
    "escrow.progress": ("pel progress {project_id} TEXT", None, "", ""),
    "escrow.start_unfunded": ("pel start {project_id} --tranche {tranche} --unfunded-ok", "escrow.start", "t",
                              N_("the Escrow screen, 5")),
    "escrow.deliver_unfunded": ("pel deliver {project_id} --tranche {tranche} --unfunded-ok", "escrow.deliver", "d",
                                N_("the Escrow screen, 5")),
    # -- profile, portfolio, references, certification, referral --
    "profile.badge": ("pel badge", "profile.badge", "b", N_("the Profile screen, 7")),
    "profile.edit": ("pel profile set", "profile.edit", "e", N_("the Profile screen, 7")),
    "profile.reference_resend": ("pel reference resend {reference_id}", None, "", ""),
    "profile.references": ("pel reference", None, "", ""),
    "profile.legal": ("pel profile legal --status ... --name ... --siret ...", None, "", ""),
    "profile.portfolio": ("pel portfolio", None, "", ""),
    "profile.portfolio_remove": ("pel portfolio remove ID", None, "", ""),
    # -- remote sync --
    "sync.login": ("pel login {server}", None, "", ""),
    "sync.platform": ("pel platform --server {server} --user LOGIN ...", None, "", ""),
    # -- the store --
    "store.demo": ("pel demo", None, "", ""),
}
