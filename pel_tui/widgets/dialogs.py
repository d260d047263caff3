"""Modal dialogs: confirm a spend, type a value, fill the offer form."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

T = TypeVar("T")


class FormDialog(ModalScreen[T | None]):
    """A form: escape or its cancel button dismisses with None; ctrl+s or the submit button submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="dialog.submit"),
    ]
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


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, with what it costs spelled out (spending a credit, confirming terms...)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Cancel", id="dialog.cancel"),
        Binding("y", "answer(True)", "Confirm", id="dialog.confirm"),
    ]

    def __init__(self, title: str, lines: list[str], confirm: str = "Confirm") -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for line in self.lines:
                yield Static(line, classes="dialog-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm} (y)", variant="primary", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(ModalScreen[str | None]):
    """One line of text (a project id, a question, a reason...)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", multiline: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.multiline = multiline

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.multiline:
                yield TextArea(self.value, id="text")
                yield Static("ctrl+s to send, escape to cancel", classes="hint")
            else:
                yield Input(self.value, placeholder=self.placeholder, id="text")

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def key_ctrl_s(self) -> None:
        if self.multiline:
            self.dismiss(self.query_one(TextArea).text.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OfferForm(FormDialog[tuple[int, int, str]]):
    """OF-1: amount (euros), delay (days), message; checked before anything is sent."""

    SUBMIT_ID = "send"

    def __init__(self, title: str, amount: str = "", days: str = "", message: str = "", min_chars: int = 30) -> None:
        super().__init__()
        self.title_text = title
        self.initial = (amount, days, message)
        self.min_chars = min_chars

    def compose(self) -> ComposeResult:
        amount, days, message = self.initial
        with Vertical(classes="dialog offer-form"):
            yield Label(self.title_text, classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label("Amount (€ HT)")
                yield Input(amount, placeholder="1500 or 1500,50", id="amount")
                yield Label("Delay (days)")
                yield Input(days, placeholder="20", id="days", type="integer")
            yield Label(f"Message (at least {self.min_chars} characters)")
            yield TextArea(message, id="message")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send (ctrl+s)", variant="primary", id="send")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    def action_submit(self) -> None:
        from pel_tui.backend.errors import InvalidInput
        from pel_tui.backend.money import parse_euros

        error = self.query_one("#form-error", Static)
        try:
            cents = parse_euros(self.query_one("#amount", Input).value)
        except InvalidInput as e:
            error.update(f"Amount: {self.app.say(e)}")  # type: ignore[attr-defined]
            return
        if cents <= 0:
            error.update("Amount: the amount must be above 0")
            return
        try:
            days = int(self.query_one("#days", Input).value)
            if days <= 0:
                raise ValueError
        except ValueError:
            error.update("Delay: a whole number of days above 0")
            return
        message = self.query_one("#message", TextArea).text.strip()
        if len(message) < self.min_chars:
            error.update(f"Message: {len(message)} characters; at least {self.min_chars}")
            return
        self.dismiss((cents, days, message))
