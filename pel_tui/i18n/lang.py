"""Which language, which local conventions, which time zone: chosen once, at start.

The language comes from `language` in config.toml, else `PEL_LANG`, else the locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`): English for an English locale, French otherwise (the platform's language;
a C or POSIX locale gets French). The conventions for amounts, counts and dates follow the
locale's region where it names one in that language (`fr_CH`: `1’500.50`), else France or Great
Britain. Times are shown in `timezone` from config.toml, else the system's; they are stored in UTC.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

LANGUAGES = ("fr", "en")
DEFAULT_REGION = {"fr": "FR", "en": "GB"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "pel"


@dataclass(frozen=True)
class Choice:
    language: str  # fr, en
    region: str  # FR, BE, CH, CA, ..., GB, US
    timezone: tzinfo | None  # None: the system's

    @property
    def tag(self) -> str:
        return f"{self.language}_{self.region}"


def _locale_env(env: Mapping[str, str]) -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return value
    return ""


def choose(language: str | None = None, timezone: str | None = None,
           env: Mapping[str, str] | None = None) -> Choice:
    """The language, region and time zone for these settings and this environment."""
    from pel_tui.i18n.locale_data import DATA

    env = os.environ if env is None else env
    system = _locale_env(env).split(".")[0].split("@")[0]  # fr_CH.UTF-8 → fr_CH
    wanted = (language or env.get("PEL_LANG") or "").strip().lower().replace("-", "_")
    if not wanted:
        wanted = "en" if system.lower().startswith("en") else "fr"
    lang = wanted.split("_")[0]
    if lang not in LANGUAGES:
        lang = "fr"
    region = ""
    for candidate in (wanted, system):
        parts = candidate.split("_")
        if len(parts) >= 2 and parts[0].lower() == lang and f"{lang}_{parts[1].upper()}" in DATA:
            region = parts[1].upper()
            break
    zone = None
    if timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    return Choice(lang, region or DEFAULT_REGION[lang], zone)


_translation: gettext.NullTranslations = gettext.NullTranslations()
_choice = Choice("en", "GB", None)


def use(choice: Choice) -> None:
    """Speak in `choice` from now on (every `_` after this call)."""
    global _translation, _choice
    _choice = choice
    if choice.language == "en":  # English is the catalogs' source language
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[choice.language], fallback=True)
    from local_store import words

    words.translate = _translation.gettext  # the storage faults' words (local_store imports nothing of pel_tui)


def current() -> Choice:
    return _choice


def translation() -> gettext.NullTranslations:
    return _translation


def start(config_file: Path | None = None, env: Mapping[str, str] | None = None) -> Choice:
    """Choose and use the language at start: `language` and `timezone` from config.toml, read
    leniently with tomllib (a file that does not parse is said by the application, not here), then
    `PEL_LANG` and the locale."""
    language = timezone = None
    if config_file is not None:
        import tomllib

        try:
            raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            raw = {}
        language = raw.get("language") if isinstance(raw.get("language"), str) else None
        timezone = raw.get("timezone") if isinstance(raw.get("timezone"), str) else None
    choice = choose(language, timezone, env)
    use(choice)
    return choice
