"""User settings, from `config.toml` in the user config directory (pydantic-validated).

Example:

    theme = "textual-light"

    [keymap]
    "projects.hide" = "d"        # binding id = keys
    "go.projects" = "f1"

    [[saved_filters]]
    name = "Django urgent"
    words = "django"
    urgent = true
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError


class SavedFilter(BaseModel):
    """A tab of the project list."""

    name: str = Field(min_length=1, max_length=30, description="The tab's label.")
    words: str = Field("", description="Keywords, as typed in the search box.")
    categories: list[str] = Field(default_factory=list, description="Categories to keep.")
    budget_min: int | None = Field(None, ge=0, description="Minimum budget in euros.")
    urgent: bool | None = Field(None, description="Only urgent (true) or only not urgent (false) projects.")
    max_offers: int | None = Field(None, ge=0, description="At most this many offers (competition).")


class Config(BaseModel):
    theme: str | None = Field(None, description="A Textual theme name, e.g. textual-dark, textual-light.")
    keymap: dict[str, str] = Field(default_factory=dict, description="Binding id to keys (see `?`).")
    saved_filters: list[SavedFilter] = Field(default_factory=list, description="Extra tabs of the project list.")


def config_path() -> Path:
    from pel_tui.locations import config_dir

    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The settings; a missing file gives the defaults, a broken one says what is wrong."""
    p = path or config_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{p}: {e}") from e
    try:
        return Config.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(f"{p}: {e}") from e


class ConfigError(Exception):
    pass
