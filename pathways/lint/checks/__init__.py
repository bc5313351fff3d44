"""One check per rule in rules.yml, by family; each yields (file line, message).

The families: medicines (dose, naltrexone, detox), emergency (help numbers,
the overdose steps, CPR), wording (stigma in English and Spanish, the name of
treatment) and citations (statistics). A rule's English and Spanish patterns
stand side by side in its family, so a change to one is made to both.
"""

from __future__ import annotations

from pathways.lint.checks.base import Check
from pathways.lint.checks.citations import check_statistic
from pathways.lint.checks.emergency import check_cpr, check_overdose_steps, check_phone
from pathways.lint.checks.medicines import check_detox, check_dose, check_naltrexone
from pathways.lint.checks.wording import check_stigma, check_stigma_es, check_treatment_wording

# Rule id (rules.yml) -> its check; a test checks the two lists match.
CHECKS: dict[str, Check] = {
    "dose": check_dose,
    "phone-number": check_phone,
    "stigma": check_stigma,
    "stigma-es": check_stigma_es,
    "naltrexone-opioid-free": check_naltrexone,
    "detox-overdose-risk": check_detox,
    "overdose-steps-copy": check_overdose_steps,
    "cpr-if-trained": check_cpr,
    "treatment-wording": check_treatment_wording,
    "statistic-citation": check_statistic,
}

__all__ = ["CHECKS", "Check"]
