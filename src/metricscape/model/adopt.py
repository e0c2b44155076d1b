"""The edit behind "Adopt this estimate": the data's elasticity becomes the link's, as one undo step.

Like the planner, it reads the document and returns an Edit; the evidence (method, periods, date)
is recorded on the link so that the file says where the number came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .edits import Compound, Edit, SetLink
from .errors import ModelError
from .evidence import Evidence
from .link import LinkKind

if TYPE_CHECKING:
    from .document import Document

ELASTICITY_LIMIT = 100.0  # the bound Link puts on elasticities


def adopt_evidence(doc: Document, source: str, target: str, evidence: Evidence) -> Edit:
    """Set the link's elasticity to the estimate, its range to the 90 % interval, and keep the evidence."""
    old = doc.link(source, target)
    if old is None:
        raise ModelError(f"‘{source}’ is not linked to ‘{target}’")
    if old.kind is not LinkKind.INFLUENCE:
        raise ModelError(f"the link ‘{source}’ → ‘{target}’ is a {old.kind.value} link; only influence links "
                         "have an elasticity to adopt")
    if max(abs(evidence.low), abs(evidence.high)) > ELASTICITY_LIMIT:
        raise ModelError(f"the estimate's interval ({evidence.low:g} to {evidence.high:g}) reaches beyond "
                         f"±{ELASTICITY_LIMIT:g}, which no elasticity may; check the data before adopting it")
    new = old.with_changes(elasticity=evidence.estimate, elasticity_low=evidence.low,
                           elasticity_high=evidence.high, evidence=evidence.model_dump())
    return Compound(f"Adopt the estimated elasticity of ‘{doc.metric(source).name}’ → ‘{doc.metric(target).name}’",
                    [SetLink(old, new)])
