"""Words for what a person sent that the coach does not keep (files, images, unknown buttons), the same in
Slack and Teams: saying nothing would let the team believe it was used."""

from __future__ import annotations

FILES = {
    "nl": "{files} heb ik niet bewaard: de coach bewaart geen bestanden of afbeeldingen, alleen wat je typt. "
          "Zet wat ertoe doet in je bericht.",
    "en": "I did not keep {files}: the coach keeps no files or images, only what you type. "
          "Put what matters in your message.",
}
AN_IMAGE = {"nl": "een afbeelding", "en": "an image"}
UNKNOWN_BUTTON = {
    "nl": "Die knop ken ik niet (meer), dus er is niets bewaard. Typ `status` om te zien waar jullie zijn.",
    "en": "I do not know that button (any more), so nothing was stored. Type `status` to see where you are.",
}


def files_not_kept(names: list[str], language: str) -> str:
    """The sentence for one or more files ("_plan.pdf_ en _logo.png_ heb ik niet bewaard: ...")."""
    quoted = [name if name in AN_IMAGE.values() else f"_{name}_" for name in names]
    listed = quoted[0] if len(quoted) == 1 else (
        ", ".join(quoted[:-1]) + (" and " if language == "en" else " en ") + quoted[-1])
    text = FILES.get(language, FILES["nl"]).format(files=listed)
    return text[0].upper() + text[1:]
