"""Rewrite cleaner/data/prefilter.json, the shipped rules' precomputed prefilter analysis, after
editing a rule file (tests/test_prefilter.py says when it is stale):

    python bench/write_prefilter_data.py
"""

from cleaner.prefilter_data import ANALYSIS_FILE, write

if __name__ == "__main__":
    write()
    print(f"wrote {ANALYSIS_FILE}")
