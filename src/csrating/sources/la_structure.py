"""LA codes of later structures mapped back to the 152 children's services authorities of 2009-2019.

The 2009-2011 ratings were of the LAs that existed from April 2009. Files published later place settings
in the LAs of their own day: Bournemouth, Christchurch and Poole (839) and the new Dorset (838) from April
2019, North and West Northamptonshire (940, 941) from April 2021, Cumberland and Westmorland and Furness
(942, 943) from April 2023. Mapping them back:

* 940 and 941 -> 928 Northamptonshire; 942 and 943 -> 909 Cumbria: the old county is the union of its
  successors, so every setting maps back exactly.
* 838 Dorset -> 835 Dorset: the new Dorset is the old county less Christchurch.
* 839 Bournemouth, Christchurch and Poole is split by the setting's postcode district: BH1-BH11 ->
  837 Bournemouth, BH12-BH18 -> 836 Poole, BH23 -> 835 Dorset (Christchurch was a district of Dorset);
  where the postcode is redacted (childminders) by its parliamentary constituency: Bournemouth East and
  West -> 837, Poole and (within BCP) Mid Dorset and North Poole -> 836, Christchurch -> 835. Neither
  follows the old borough boundaries exactly, so a few settings near a boundary may land in the
  neighbouring old LA: an **assumed** approximation. A BCP setting that neither places goes to 837
  Bournemouth, the largest of the three, with a warning naming the row.

``to_2009`` is the one mapping every reader uses (option ``la_structure: "2009"``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from csrating.findings import FindingCode

if TYPE_CHECKING:
    from csrating.sources.registry import ReadContext

MERGED_BACK = {"940": "928", "941": "928", "942": "909", "943": "909", "838": "835"}
BCP = "839"
BOURNEMOUTH, POOLE, DORSET = "837", "836", "835"
_DISTRICT = re.compile(r"^\s*BH(\d{1,2})\b", re.IGNORECASE)
STRUCTURES = ("2009",)


def read_option(ctx: ReadContext) -> tuple[bool, str | None]:
    """A reader's option ``la_structure``: (valid, the structure or None). An unknown structure is a
    BAD-RECIPE finding and (False, None)."""
    structure = ctx.options.get("la_structure")
    if structure is None:
        return True, None
    if str(structure) not in STRUCTURES:
        ctx.findings.error(
            ctx.label,
            FindingCode.BAD_RECIPE,
            f"option la_structure {structure!r}: expected one of {', '.join(STRUCTURES)}",
        )
        return False, None
    return True, str(structure)


def bcp_part(postcode: str | None) -> str | None:
    """The 2009 LA of a setting in Bournemouth, Christchurch and Poole, from its postcode district
    (None when the postcode does not say)."""
    m = _DISTRICT.match(postcode or "")
    if not m:
        return None
    district = int(m.group(1))
    if 1 <= district <= 11:
        return BOURNEMOUTH
    if 12 <= district <= 18:
        return POOLE
    if district == 23:
        return DORSET
    return None


CONSTITUENCIES = {
    "bournemouth east": BOURNEMOUTH,
    "bournemouth west": BOURNEMOUTH,
    "poole": POOLE,
    "mid dorset and north poole": POOLE,
    "christchurch": DORSET,
}


def to_2009(
    code: str | None, postcode: str | None = None, constituency: str | None = None
) -> tuple[str | None, bool]:
    """(the 2009-structure code, whether it was a guess): codes of LAs made after 2009 are mapped back;
    every other code is returned as it is."""
    if code is None:
        return None, False
    if code in MERGED_BACK:
        return MERGED_BACK[code], False
    if code == BCP:
        part = bcp_part(postcode) or CONSTITUENCIES.get((constituency or "").strip().lower())
        return (part, False) if part else (BOURNEMOUTH, True)
    return code, False
