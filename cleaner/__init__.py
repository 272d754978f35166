"""cleaner: strip boilerplate and comment sections from scraped web documents.

    >>> import cleaner
    >>> result = cleaner.clean(open("page.txt").read())
    >>> result.text, result.title, result.language
    >>> [(d.block.text, d.kept, d.label, d.reasons) for d in result.decisions]
"""

from .pipeline import Cleaner, clean, clean_html
from .result import Decision, Reason, Result, render
from .rules import Rule, RuleError, RuleSet, RuleTimeout, load_rules
from .settings import Settings

__all__ = [
    "Cleaner",
    "Decision",
    "Reason",
    "Result",
    "Rule",
    "RuleError",
    "RuleSet",
    "RuleTimeout",
    "Settings",
    "clean",
    "clean_html",
    "load_rules",
    "render",
]
__version__ = "0.1.0"
