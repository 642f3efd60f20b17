"""Language identification, offline (CLD2)."""

from __future__ import annotations

import pycld2


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language, the hint when CLD2 is unsure, or None.

    Args:
        text: the article text.
        hint: the language the feed declared, if any (BCP 47, e.g. 'en-GB').

    """
    hint_code = hint.split("-")[0].lower() if hint else None
    try:
        reliable, _, details = pycld2.detect(text, isPlainText=True, bestEffort=True)
    except pycld2.error:
        # CLD2 rejects some byte sequences (lone surrogates, odd controls); trust the feed.
        return hint_code
    code = str(details[0][1]) if details else "un"
    if code in {"un", "xxx"} or (not reliable and hint_code):
        return hint_code
    return code.split("-")[0]
