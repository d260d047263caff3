"""Modal dialogs: confirm a spend, type a value, fill the offer form.

Every dialog is a `PelModal`: the keys typed while it mounts are kept and given to its first
field once it is ready (a fast typist, a paste, a multiplexer sending keys in one burst), never
lost nor sent to the screen behind. A dialog that takes a value checks it itself and says what is
wrong beside the field, keeping what was typed: it never closes on invalid input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from pel_tui.heap import settle_heap
from pel_tui.i18n import N_, _, formats, ngettext

T = TypeVar("T")
#: Says what is wrong with a typed value, or None when it is fine.
Check = Callable[[str], "str | None"]


class PelModal(ModalScreen[T]):
    """A dialog whose first field has the keys typed before it was ready (`FOCUS`: its selector)."""

    FOCUS: ClassVar[str] = "Input, TextArea, Button"
    #: Made once and kept for the app's life (installed): once built, it is frozen out of the garbage
    #: collector's walks (`pel_tui.heap`). A dialog made anew for each use says False.
    KEPT: ClassVar[bool] = False
    _ready = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Textual focuses the first focusable widget once composed (a scrolling container, in the filter
        # form), then on_mount moves the focus to FOCUS: each move restyles the whole form (≈20 ms).
        cls.AUTO_FOCUS = cls.FOCUS

    def __init__(self) -> None:
        super().__init__()
        self._early: list[events.Key] = []

    def _forward_event(self, event: events.Event) -> None:
        # Until the dialog has a focused field, the app gives keys to the screen: keep them for it.
        if isinstance(event, events.Key) and not self._ready:
            self._early.append(event)
            return
        super()._forward_event(event)

    #: Below this height the dialogs tighten (app.tcss `.-short`): a form's buttons stay on screen at 24 lines.
    SHORT = 30

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < self.SHORT, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < self.SHORT, "-short")
        target = next(iter(self.query(self.FOCUS)), None)
        if target is not None and target.focusable:
            self.set_focus(target)
        self._ready = True
        early, self._early = self._early, []
        for key in early:
            self._replay(key)
        if self.KEPT:
            self.call_after_refresh(settle_heap)

    def _replay(self, key: events.Key) -> None:
        """One key typed before the dialog was ready, as if typed now."""
        if self.app.screen is not self:
            return  # an early key closed the dialog
        fresh = events.Key(key.key, key.character)
        focused: Widget | None = self.focused
        (focused or self)._forward_event(fresh)


class FormDialog(PelModal[T | None]):
    """A form: escape or its cancel button dismisses with None; ctrl+s or the submit button submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "submit", N_("Submit"), id="dialog.submit"),
    ]
    FOCUS = "Input, TextArea, SelectionList, Select"
    #: The id of the button that submits.
    SUBMIT_ID = "save"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SUBMIT_ID:
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        """Check the fields; dismiss with the value, or show what is wrong."""
        raise NotImplementedError

    def wrong(self, text: str, field: str | None = None) -> None:
        """Say what is wrong (in the form's error line) and go to the field to fix."""
        self.query_one("#form-error", Static).update(text)
        if field is not None:
            self.set_focus(self.query_one(field))


class ConfirmDialog(PelModal[bool]):
    """Yes or no, with what it costs spelled out (spending a credit, confirming terms...)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", N_("Cancel"), id="dialog.cancel"),
        Binding("y", "answer(True)", N_("Confirm"), id="dialog.confirm"),
    ]
    FOCUS = "#yes"

    def __init__(self, title: str, lines: list[str], confirm: str | None = None, cancel: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm = confirm or _("Confirm")
        self.cancel = cancel or _("Cancel")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for line in self.lines:
                yield Static(line, classes="dialog-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("{label} (y)").format(label=self.confirm), variant="primary", id="yes")
                yield Button(_("{label} (n)").format(label=self.cancel), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(PelModal[str | None]):
    """One line of text (a project id, a question, a reason...), checked by `check` before it closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]
    FOCUS = "#text"

    def __init__(self, title: str, placeholder: str = "", value: str = "", multiline: bool = False,
                 check: Check | None = None, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.multiline = multiline
        self.check = check
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.multiline:
                yield TextArea(self.value, id="text")
                yield Static(_("ctrl+s to send, escape to cancel"), classes="hint")
            else:
                yield Input(self.value, placeholder=self.placeholder, id="text")
            if self.hint:
                yield Static(self.hint, classes="hint")
            yield Static("", id="form-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done(event.value)

    def key_ctrl_s(self) -> None:
        if self.multiline:
            self._done(self.query_one(TextArea).text)

    def _done(self, value: str) -> None:
        value = value.strip()
        if value and self.check is not None:
            wrong = self.check(value)
            if wrong:
                self.query_one("#form-error", Static).update(wrong)
                return  # what was typed stays, to be fixed
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OfferForm(FormDialog[tuple[int, int, str]]):
    """OF-1: amount (euros), delay (days), message; checked before anything is sent."""

    SUBMIT_ID = "send"
    FOCUS = "#amount"

    def __init__(self, title: str, amount: str = "", days: str = "", message: str = "", min_chars: int = 30,
                 note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = (amount, days, message)
        self.min_chars = min_chars
        self.note = note

    def compose(self) -> ComposeResult:
        amount, days, message = self.initial
        with Vertical(classes="dialog offer-form"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="hint")
            with Grid(classes="form-grid"):
                yield Label(_("Amount (€ excl. VAT)"))
                yield Input(amount, placeholder=_("1500 or 1500,50"), id="amount", compact=True)
                yield Label(_("Delay (days)"))
                yield Input(days, placeholder="20", id="days", type="integer", compact=True)
            yield Label(ngettext("Message (at least {n} character)", "Message (at least {n} characters)",
                                 self.min_chars).format(n=self.min_chars))
            yield TextArea(message, id="message")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send (ctrl+s)"), variant="primary", id="send", compact=True)
                yield Button(_("Cancel (esc)"), id="cancel", compact=True)

    def action_submit(self) -> None:
        from pel_tui.backend.errors import InvalidInput
        from pel_tui.backend.money import parse_euros

        try:
            cents = parse_euros(self.query_one("#amount", Input).value)
        except InvalidInput as e:
            self.wrong(_("Amount: {reason}").format(reason=self.app.say(e)), "#amount")  # type: ignore[attr-defined]
            return
        if cents <= 0:
            self.wrong(_("Amount: the amount must be above 0"), "#amount")
            return
        try:
            days = int(self.query_one("#days", Input).value)
            if days <= 0:
                raise ValueError
        except ValueError:
            self.wrong(_("Delay: a whole number of days above 0"), "#days")
            return
        message = self.query_one("#message", TextArea).text.strip()
        if len(message) < self.min_chars:
            self.wrong(ngettext("Message: {n} character; at least {min}", "Message: {n} characters; at least {min}",
                                len(message)).format(n=len(message), min=self.min_chars), "#message")
            return
        self.dismiss((cents, days, message))


def whole_number(lo: int, hi: int, what: str) -> Check:
    """A check: a whole number from `lo` to `hi` (`what` names it in the complaint)."""

    def check(value: str) -> str | None:
        if not value.isdigit() or not lo <= int(value) <= hi:
            return _("“{value}” is not a number of {what} from {lo} to {hi}.").format(
                value=value, what=what, lo=formats.number(lo), hi=formats.number(hi))
        return None

    return check

