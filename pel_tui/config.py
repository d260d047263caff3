"""User settings, from `config.toml` in the user config directory (pydantic-validated).

Example:

    language = "fr"              # fr or en (else PEL_LANG, else the locale: English for an English one)
    timezone = "Europe/Paris"    # where times are shown (else the system's); stored in UTC
    theme = "textual-light"

    [keymap]
    "projects.hide" = "d"        # binding id = keys
    "go.projects" = "f1"

    [[saved_filters]]
    name = "Django urgent"
    words = "django"
    urgent = true

Saved filters are also written from the project list (`S` saves the current filter as a tab,
`D` deletes the tab), and the theme when `ctrl+t` switches it: the file is edited in place with
tomlkit, so comments and order stay. A theme that does not exist, or a keymap id that names no
binding, is said inside the application (which then uses the default).
Importing this module costs pydantic's import (≈70 ms): `pel` imports it only when the file exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from pel_tui.locations import config_path


class SavedFilter(BaseModel):
    """A tab of the project list."""

    name: str = Field(min_length=1, max_length=30, description="The tab's label.")
    words: str = Field("", description="Keywords, as typed in the search box.")
    categories: list[str] = Field(default_factory=list, description="Categories to keep.")
    budget_min: int | None = Field(None, ge=0, description="Minimum budget in euros.")
    budget_max: int | None = Field(None, ge=0, description="Maximum budget in euros.")
    countries: list[str] = Field(default_factory=list, description="Client country codes, e.g. FR.")
    urgent: bool | None = Field(None, description="Only urgent (true) or only not urgent (false) projects.")
    since_days: int | None = Field(None, ge=1, description="Posted in the last N days.")
    max_offers: int | None = Field(None, ge=0, description="At most this many offers (competition).")
    consulted: bool | None = Field(None, description="Only consulted (true) or only not consulted (false).")
    order: Literal["newest", "relevance"] = Field("newest", description="newest first, or by relevance.")


class Config(BaseModel):
    language: Literal["fr", "en"] | None = Field(None, description="fr or en; else PEL_LANG, else the locale.")
    timezone: str | None = Field(None, description="Where times are shown, e.g. Europe/Paris; else the system's.")
    theme: str | None = Field(None, description="A Textual theme name, e.g. textual-dark, textual-light.")
    keymap: dict[str, str] = Field(default_factory=dict, description="Binding id to keys (see `?`).")
    saved_filters: list[SavedFilter] = Field(default_factory=list, description="Extra tabs of the project list.")


def load_config(path: Path | None = None) -> Config:
    """The settings; a missing file gives the defaults, a broken one says what is wrong."""
    p = path or config_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{p}: {e}") from e
    try:
        return Config.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(f"{p}: {e}") from e


def save_filter(saved: SavedFilter, path: Path | None = None) -> None:
    """Add the tab to `config.toml`, or replace the tab of that name; the rest of the file stays."""
    _edit(path or config_path(), saved.name, saved)


def delete_filter(name: str, path: Path | None = None) -> None:
    _edit(path or config_path(), name, None)


def _edit(p: Path, name: str, saved: SavedFilter | None) -> None:
    import tomlkit

    load_config(p)  # refuse to rewrite a file that does not validate: the user's text would be lost
    try:
        doc = tomlkit.parse(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.document()
    tabs = doc.get("saved_filters")
    if tabs is None:
        tabs = tomlkit.aot()
        doc["saved_filters"] = tabs
    index = next((i for i, t in enumerate(tabs) if t.get("name") == name), None)
    if saved is not None:
        table = tomlkit.table()
        for key, value in saved.model_dump(exclude_defaults=True).items():
            table[key] = value
        table["name"] = saved.name
        if index is None:
            tabs.append(table)
        else:
            tabs[index] = table
    elif index is not None:
        del tabs[index]
    from pel_tui.backend.atomic import write_atomic

    # Never a half-written settings file; 0600; a config.toml that is a symbolic link is edited through it.
    write_atomic(p, tomlkit.dumps(doc).encode("utf-8"))


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the theme (`ctrl+t`) in `config.toml`; the rest of the file stays as the user wrote it."""
    import tomlkit

    p = path or config_path()
    load_config(p)  # never rewrite a file that does not validate
    try:
        doc = tomlkit.parse(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.document()
    if doc.get("theme") == theme:
        return
    doc["theme"] = theme  # tomlkit puts a new key before the tables, where it belongs
    from pel_tui.backend.atomic import make_dirs, write_atomic

    make_dirs(p.parent)
    write_atomic(p, tomlkit.dumps(doc).encode("utf-8"))


class ConfigError(Exception):
    pass
