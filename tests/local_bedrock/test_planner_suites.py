"""The offline planner on everyday phrasing: every utterance suite, each on a fresh local runtime,
through boto3 against the local endpoint exactly as a client would talk to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.planner.suite import ALL_SUITES, load_cases, run_suite, suite_header, suite_runtime
from local_bedrock.store.seed import SampleData
from tests.library_agent import handler as library_handler

# Each gate equals the suite's measured score (cases passed, `make planner-accuracy`): one case
# fewer fails, and so does one more, until the gate and docs/local-runtime.md are updated with it.
# First-seen scores of the blind suites are in docs/local-runtime.md, next to these.
PASSED = {
    "planner_utterances": 118,
    "planner_heldout": 40,
    "planner_heldout2": 39,
    # 85 -> 86 round 14; 86 -> 87 round 15 merged (wt/routing15 + wt/kb15)
    # 88 -> 89 round 17 (guard17)
    "planner_blind3": 89,  # 87 -> 88 round 16 (wt/decline16)
    "library_utterances": 43,  # 42 -> 43 round 15
    # 63 -> 64 round 28 (decision 0078)
    "library_dev": 64,  # 64 -> 63 round 12
    # 98 -> 99 after round 10 (a count of the one product found orders it); 99 -> 100 round 12
    # 100 -> 101 round 27 (decision 0077)
    "planner_blind4": 101,
    # 57 -> 58 round 27 (decision 0077)
    "library_blind2": 58,  # 56 -> 57 round 14
    # 235 -> 236 round 13 (wt/kb13, decision 0052)
    # 236 -> 237 round 20 (decision 0070)
    # 237 -> 238 round 28 (decision 0078)
    "planner_dev3": 238,  # merged round 12 (planner12 + kb12, margin 0.1): 235
    "library_dev2": 145,  # 143 -> 144 round 12; 144 -> 145 round 15
    # 120 -> 119 (issue 11, round 7, wt/kb7): kb.sell-data's knowledge-base answer quoted a second
    # privacy sentence, and the two together tripped the guardrail's InvestmentAdvice denied topic;
    # back to 120 once weak topic cues add up only within a sentence (guardrail/topics.py)
    # 119 -> 120 round 13 (wt/kb13, decision 0052)
    # 120 -> 121 round 27 (decision 0077)
    "planner_blind5": 121,  # 120 -> 119 round 12; 120 -> 119 round 14; 119 -> 120 round 16 (kb16)
    # 69 -> 71 round 27 (decision 0077)
    "library_blind3": 71,  # 68 -> 69 round 12
    # 113 -> 114 round 20 (decision 0070)
    "planner_blind6": 114,  # merged round 12 (planner12 + kb12, margin 0.1): 111; 111 -> 113 round 14
    # 58 -> 61 round 14; 61 -> 62 round 15 (wt/routing15); 62 -> 64 round 15 merged (wt/routing15 + wt/kb15)
    # 64 -> 65 round 22 (decision 0072)
    # 65 -> 67 round 26 (decision 0076)
    # 67 -> 68 round 28 (decision 0078)
    "library_blind4": 68,
    # 103 -> 104 round 20 (decision 0070)
    # 104 -> 105 round 27 (decision 0077)
    "planner_dev4": 105,
    # 91 -> 92 round 14
    "library_dev3": 92,  # 90 -> 91 (issue 11, round 12, wt/kb12: HYBRID retrieval, decision 0050)
    # 114 -> 115 round 13 (wt/kb13, decision 0052)
    # 114 -> 115 round 15 (wt/kb15, decision 0059)
    "planner_blind7": 115,  # 114: every quoted passage cited (review11 K1); 115 -> 114 round 14
    # 65 -> 66 round 15 (wt/kb15, decision 0059)
    # 66 -> 67 round 19 (a thing due "back by" a day)
    # 67 -> 68 round 22 (decision 0072)
    # 68 -> 69 round 27 (decision 0077)
    "library_blind5": 69,  # merged round 12 (planner12 + kb12, margin 0.1): 63; 63 -> 65 round 14
    # 29 -> 30 round 13 (wt/kb13, decision 0052)
    # 30 -> 31 round 27 (decision 0077)
    "planner_dev5": 31,  # 29: every quoted passage cited (review11 K1)
    # 41 -> 42 round 27 (decision 0077)
    # 42 -> 41 round 27's review mended (narrower rules, decision 0077 amended)
    "library_dev4": 41,  # merged round 12 (planner12 + kb12, margin 0.1): 41
    # 116 -> 117 round 21 (decision 0071)
    "planner_blind8": 117,  # 112 -> 114 round 12; 114 -> 115 round 13; 115 -> 116 round 16 (wt/decline16)
    # 68 -> 69 round 15 merged (wt/routing15 + wt/kb15)
    # 71 -> 72 round 17 (someone_close: someone close named in a rule question)
    # 72 -> 73 round 27 (decision 0077)
    "library_blind6": 73,  # merged round 12 (planner12 + kb12, margin 0.1): 66; 66 -> 68 round 14
    "planner_dev6": 62,  # 61 -> 62 round 12; 62 -> 63 round 15; 63 -> 62 round 16 (wt/decline16)
    # 37 -> 38 round 20 (decision 0070)
    # 38 -> 39 round 26 (decision 0076)
    "library_dev5": 39,
    # 131: merged round 13 (wt/planner13 133 and wt/kb13 129 alone, decision 0052 names its two)
    # 139 -> 140 round 20 (decision 0070)
    # 140 -> 141 round 21 (decision 0071)
    # 141 -> 142 round 26 (decision 0076)
    # 142 -> 143 round 28 (decision 0078)
    "planner_blind9": 143,  # 127 -> 131 round 12; 131 -> 137 round 14; 137 -> 138 round 16 (wt/decline16)
    # 88 -> 90 round 15
    # 90 -> 91 round 15 merged (wt/routing15 + wt/kb15)
    # 93 -> 94 round 19 (due back)
    # 94 -> 95 round 20 (decision 0070)
    # 95 -> 98 round 22 (decision 0072)
    # 98 -> 102 round 26 (decision 0076)
    "library_blind7": 102,  # merged round 12 (planner12 + kb12, margin 0.1): 87; 88: merged round 13
    # 137 -> 145 round 14
    # 145 -> 147 round 15
    # 147 -> 149 round 16 (wt/decline16)
    # 150 -> 152 round 20 (decision 0070)
    # 152 -> 153 round 21 (decision 0071)
    # 153 -> 154 round 24 (decision 0074)
    # 154 -> 156 round 26 (decision 0076)
    # 156 -> 157 round 26's review mended (a pick from the list of the operation that lists its things)
    # 157 -> 160 round 27 (decision 0077)
    # 160 -> 161 round 28 (decision 0078)
    "planner_blind10": 161,  # merged round 12 (planner12 + kb12, margin 0.1): 136; 137 round 13
    # 74 -> 75 (issue 11, round 11, wt/kb11): b8.kb.when-lost's answer now quotes a crowded-out
    # section's unit that states the 30 days (knowledge._crowded_out)
    # 82 -> 86 round 15
    # 86 -> 88 round 15 merged (wt/routing15 + wt/kb15)
    # 88 -> 89 round 16 (wt/decline16)
    # 92 -> 93 round 19 (due back)
    # 93 -> 94 round 20 (decision 0070)
    # 94 -> 96 round 22 (decision 0072)
    # 96 -> 97 round 24 (decision 0074)
    # 97 -> 98 round 28 (decision 0078)
    "library_blind8": 98,  # merged round 12 (planner12 + kb12, margin 0.1): 80; 80 -> 82 round 14
    # 143: merged round 13
    # 143 -> 147 round 14
    # 147 -> 148 round 15
    # 148 -> 149 round 15 merged (wt/routing15 + wt/kb15)
    # 149 -> 155 round 16 (wt/decline16)
    # 155 -> 158 round 26 (decision 0076)
    # 158 -> 159 round 27 (decision 0077)
    # 159 -> 161 round 28 (decision 0078)
    "planner_blind11": 161,  # merged round 12 (planner12 + kb12, margin 0.1): 138; 140 round 13
    # 82 -> 84 round 14
    # 84 -> 86 round 15
    # 86 -> 87 round 15 merged (wt/routing15 + wt/kb15)
    # 87 -> 88 round 17 (guard17)
    # 88 -> 89 round 22 (decision 0072)
    # 89 -> 92 round 26 (decision 0076)
    # 92 -> 94 round 27 (decision 0077)
    "library_blind9": 94,  # merged round 12 (planner12 + kb12, margin 0.1): 81; 82 round 13
    # 139: merged round 13
    # 139 -> 149 round 14
    # 149 -> 153 round 16 (wt/decline16)
    # 155 -> 157 round 20 (decision 0070)
    # 157 -> 160 round 26 (decision 0076)
    # 160 -> 161 round 27 (decision 0077)
    # 161 -> 160 round 27's review mended (narrower rules, decision 0077 amended)
    # 160 -> 162 round 28 (decision 0078)
    "planner_blind12": 162,  # merged round 12 (planner12 + kb12, margin 0.1): 136; 138 round 13
    # 82: merged round 13
    # 82 -> 86 round 14
    # 86 -> 88 round 15
    # 88 -> 90 round 16 (wt/decline16)
    # 90 -> 91 round 17 (guard17)
    # 91 -> 92 round 17 (decline17: "stick", "pop", "slap" as light verbs)
    # 92 -> 93 round 20 (decision 0070)
    # 93 -> 94 round 22 (decision 0072)
    # 94 -> 97 round 26 (decision 0076)
    # 97 -> 98 round 28 (decision 0078)
    "library_blind10": 98,  # 74 first run; 74 after round 10 (judged); 74 -> 80 round 12; 81 round 13
    # 134 first run; 135 once every quoted passage is cited (review11 K1); 135 -> 141 round 12 (held out);
    # 141 -> 146 round 13 (tunable from round 13; 142 with its first change, before its misses were read)
    # 156 -> 159 round 16 (wt/decline16)
    # 160 -> 161 round 20 (decision 0070)
    # 161 -> 162 round 21 (decision 0071)
    # 162 -> 163 round 24 (decision 0074)
    # 163 -> 164 round 26 (decision 0076)
    # 164 -> 166 round 27 (decision 0077)
    # 166 -> 168 round 28 (decision 0078)
    "planner_blind13": 168,  # 147: merged round 13; 147 -> 154 round 14; 154 -> 156 round 15
    # 81 -> 82 round 15 merged (wt/routing15 + wt/kb15)
    # 82 -> 83 round 16 (wt/decline16)
    # 84 -> 85 round 17 (decline17)
    # 85 -> 86 round 22 (decision 0072)
    # 86 -> 89 round 26 (decision 0076)
    # 89 -> 91 round 27 (decision 0077)
    # 91 -> 90 round 27's review mended (narrower rules, decision 0077 amended)
    # 90 -> 91 round 28 (decision 0078)
    "library_blind11": 91,  # 70 -> 77 round 12 (held out); 78: merged round 13; 78 -> 81 round 15
    # 136 first run; 140 after round 12 (judged, 2026-12-02); held out from round 13: 140 merged
    # (wt/planner13 alone 141, wt/kb13 alone 139)
    # 146 -> 150 round 16 (wt/decline16)
    # 151 -> 152 round 20 (decision 0070)
    # 152 -> 155 round 26 (decision 0076)
    # 155 -> 156 round 27 (decision 0077)
    # 156 -> 155 round 27's review mended (narrower rules, decision 0077 amended)
    # 155 -> 156 round 28 (decision 0078)
    "planner_blind14": 156,  # 140 -> 144 round 14; 146 with the merge's review mends
    # 75 -> 76 round 14
    # 76 -> 77 round 15
    # 77 -> 78 round 15 merged (wt/routing15 + wt/kb15)
    # 78 -> 79 round 16 (wt/decline16)
    # 82 -> 84 round 17 (decline17)
    # 84 -> 89 round 22 (decision 0072)
    # 89 -> 93 round 26 (decision 0076)
    # 93 -> 94 round 27 (decision 0077)
    # 94 -> 95 round 28 (decision 0078)
    "library_blind12": 95,  # 68 first run; 74 after round 12 (judged); 75 round 13 (held out); 76 round 14
    # 134 -> 142 round 14 (held out, counts only)
    # 141 -> 142 round 15
    # 142 -> 145 round 16 (wt/decline16)
    # 147 -> 148 round 20 (decision 0070)
    # 148 -> 150 round 26 (decision 0076)
    # 150 -> 152 round 27 (decision 0077)
    # 152 -> 151 round 27's review mended (narrower rules, decision 0077 amended)
    # 151 -> 152 round 28 (decision 0078)
    "planner_blind15": 152,  # 130 first run; 134 after round 13 (judged); 142 round 14, 141 merged (held out)
    # 66 first run; 67 after round 13 (judged, 2026-12-02); 67 -> 69 round 15 (wt/routing15);
    # 69 -> 70 round 15 merged (wt/routing15 + wt/kb15)
    # 75 -> 76 round 17 (guard17); 76 -> 77 round 17 (decline17)
    # 77 -> 78 round 17 (someone_close: "could staff disclose ...?" asks who may learn what)
    # 78 -> 79 round 20 (decision 0070)
    # 79 -> 87 round 22 (decision 0072)
    # 87 -> 89 round 26 (decision 0076)
    # 89 -> 91 round 28 (decision 0078)
    "library_blind13": 91,  # 70 -> 72 round 16 (wt/decline16)
    # 130 -> 132 round 15 (held out, counts only)
    # 132 -> 137 round 16 (wt/decline16)
    # 140 -> 144 round 20 (decision 0070)
    # 144 -> 150 round 26 (decision 0076)
    # 150 -> 153 round 28 (decision 0078)
    "planner_blind16": 153,  # 125 first run; 130 after round 14 (judged, 2026-12-02)
    # 70 -> 72 round 15 (held out, counts only)
    # 72 -> 73 round 15 merged (wt/routing15 + wt/kb15) (held out, counts only)
    # 69 first run; 70 after round 14 (judged, 2026-12-02); 70 -> 73 round 15 (held out, counts only)
    # 76 -> 77 round 19 (due back)
    # 77 -> 86 round 22 (decision 0072)
    # 86 -> 87 round 23 (decision 0073)
    # 87 -> 88 round 24 (decision 0074)
    # 88 -> 91 round 26 (decision 0076)
    # 91 -> 93 round 28 (decision 0078)
    "library_blind14": 93,  # 74 -> 75 round 17 (guard17), 75 -> 76 (decline17)
    # 150 -> 151 round 15 merged (wt/routing15 + wt/kb15) (judged, first run after round 15)
    # 155 at the round-16 merge (decline16 + guard16), 154 after the review mends (held out, counts only)
    # 154 -> 155 round 17 (someone_close: someone close named in a rule question)
    # 155 -> 156 round 17 (cost of change: "can I cancel without paying any fee?" asks the rules)
    # 156 -> 157 round 20 (decision 0070)
    # 157 -> 158 round 21 (decision 0071)
    # 158 -> 159 round 24 (decision 0074)
    # 159 -> 164 round 26 (decision 0076)
    # 164 -> 165 round 27 (decision 0077)
    # 165 -> 170 round 28 (decision 0078)
    "planner_blind17": 170,  # 150 first run (2026-12-02, before round 15); 151 -> 154 round 16 (decline16)
    # 74 -> 75 round 17 (decline17: "y'all" is "you")
    # 75 -> 76 round 17 (someone_close: someone close named in a rule question)
    # 76 -> 77 round 19 (due back)
    # 77 -> 78 round 20 (decision 0070)
    # 78 -> 79 round 21 (decision 0071)
    # 79 -> 87 round 22 (decision 0072)
    # 87 -> 89 round 24 (decision 0074)
    # 89 -> 93 round 26 (decision 0076)
    # 93 -> 94 round 27 (decision 0077)
    # 94 -> 93 round 27's review mended (narrower rules, decision 0077 amended)
    # 93 -> 94 round 28 (decision 0078)
    "library_blind15": 94,  # 74 first run (2026-12-02, before round 15)
    # 146 -> 159 round 19: 18 labels corrected (an undeclared operation and parameter; see the
    # file's header); the corrected file scored 159 on 5a81ebf too, before any round-19 change
    # 159 -> 168 round 20 (decision 0070)
    # 168 -> 169 round 24 (decision 0074)
    # 169 -> 170 round 26 (decision 0076)
    # 170 -> 171 round 28 (decision 0078)
    "planner_blind18": 171,  # 143 first run; 146 after round 16 (judged, 2026-12-03)
    # 79 -> 80 round 17 (someone_close; held out, counted only, never read per case)
    # 80 -> 81 round 20 (decision 0070)
    # 81 -> 89 round 22 (decision 0072)
    # 89 -> 90 round 23 (decision 0073)
    # 90 -> 91 round 24 (decision 0074)
    # 91 -> 97 round 26 (decision 0076)
    # 97 -> 99 round 28 (decision 0078)
    "library_blind16": 99,  # 79 first run; 79 after round 16 (judged, 2026-12-03)
    # 176 -> 180 round 20 (decision 0070)
    # 180 -> 181 round 21 (decision 0071)
    # 181 -> 182 round 23 (decision 0073)
    # 182 -> 183 round 24 (decision 0074)
    # 183 -> 184 round 26 (decision 0076)
    # 184 -> 185 round 28 (decision 0078)
    "planner_blind19": 185,  # 176 first run (2026-12-04, after rounds 17-18, c1b676c)
    # 102 -> 105 round 20 (decision 0070)
    # 105 -> 110 round 22 (decision 0072)
    # 110 -> 111 round 24 (decision 0074)
    # 111 -> 112 round 25 (decision 0075)
    # 112 -> 117 round 26 (decision 0076)
    "library_blind17": 117,  # 102 first run (2026-12-04, after rounds 17-18, c1b676c)
    # 192 -> 196 round 20 (decision 0070; held out, counts only)
    # 196 -> 200 round 21 (decision 0071)
    # 200 -> 204 round 24 (decision 0074)
    # 204 -> 205 round 28 (decision 0078)
    "planner_blind20": 205,  # 192 first run (2026-12-04, after round 19, 558d9e0)
    # 116 -> 118 round 20 (decision 0070; held out, counts only)
    # 118 -> 122 round 21 (decision 0071)
    # 122 -> 128 round 22 (decision 0072)
    # 128 -> 129 round 23 (decision 0073)
    # 129 -> 135 round 24 (decision 0074)
    # 135 -> 137 round 26 (decision 0076)
    "library_blind18": 137,  # 116 first run (2026-12-04, after round 19, 558d9e0)
    # 205 -> 210 round 22 (decision 0072)
    # 210 -> 212 round 24 (decision 0074)
    # 212 -> 213 round 25 (decision 0075)
    # 213 -> 214 round 26 (decision 0076)
    # 214 -> 215 round 27 (decision 0077)
    # 215 -> 217 round 28 (decision 0078)
    "planner_blind21": 217,  # 205 first run (2026-12-04, after round 20, 15535a2)
    # 127 -> 129 round 21 (decision 0071; held out, counts only)
    # 129 -> 134 round 22 (decision 0072)
    # 134 -> 135 round 23 (decision 0073)
    # 135 -> 142 round 24 (decision 0074)
    # 142 -> 143 round 25 (decision 0075)
    # 143 -> 146 round 26 (decision 0076)
    # 146 -> 147 round 27 (decision 0077)
    # 147 -> 148 round 28 (decision 0078)
    "library_blind19": 148,  # 127 first run (2026-12-04, after round 20, 15535a2)
    # 182 -> 187 round 23 (decision 0073)
    # 187 -> 188 round 24 (decision 0074)
    # 188 -> 190 round 27 (decision 0077)
    "planner_blind22": 190,  # 182 first run (2026-12-04, after round 21, bc53192)
    # 141 -> 146 round 22 (decision 0072; held out, counts only)
    # 146 -> 149 round 23 (decision 0073)
    # 149 -> 157 round 24 (decision 0074)
    # 157 -> 158 round 26 (decision 0076)
    # 158 -> 159 round 27 (decision 0077)
    "library_blind20": 159,  # 141 first run (2026-12-04, after round 21, bc53192)
    # 177 -> 179 round 24 (decision 0074)
    # 179 -> 180 round 25 (decision 0075)
    # 180 -> 181 round 27 (decision 0077)
    # 181 -> 182 round 28 (decision 0078)
    "planner_blind23": 182,  # 177 first run (2026-12-04, after round 22, 0e0d3bd)
    # 135 -> 136 round 23 (decision 0073; held out, counts only)
    # 136 -> 142 round 24 (decision 0074)
    # 142 -> 144 round 26 (decision 0076)
    # 144 -> 147 round 28 (decision 0078)
    "library_blind21": 147,  # 135 first run (2026-12-04, after round 22, 0e0d3bd)
    # 171 -> 172 round 24, held out (decision 0074)
    # 172 -> 177 round 25 (decision 0075)
    # 177 -> 180 round 27 (decision 0077)
    # 180 -> 181 round 28 (decision 0078)
    "planner_blind24": 181,  # 171 first run (2026-12-04, after round 23, f9b1e9a)
    # 129 -> 132 round 24, held out (decision 0074)
    # 132 -> 134 round 25 (decision 0075)
    # 134 -> 136 round 26 (decision 0076)
    # 136 -> 138 round 27 (decision 0077)
    # 138 -> 139 round 28 (decision 0078)
    "library_blind22": 139,  # 129 first run (2026-12-04, after round 23, f9b1e9a)
    # 171 -> 177 round 26 (decision 0076)
    "planner_blind25": 177,  # 171 first run (2026-12-04, after round 24, 7d9b5e0)
    # 133 -> 135 round 28 (decision 0078)
    "library_blind23": 135,  # 133 first run (2026-12-04, after round 24, 7d9b5e0)
    # 180 -> 191 round 27 (decision 0077)
    "planner_blind26": 191,  # 180 first run (2026-12-04, after round 25, eb11d68)
    # 143 -> 144 held out in round 26 (decision 0076; counts only)
    # 144 -> 151 round 27 (decision 0077)
    # 151 -> 148 round 27's review mended (narrower rules, decision 0077 amended)
    "library_blind24": 148,  # 143 first run (2026-12-04, after round 25, eb11d68)
    # 183 -> 184 round 27 (decision 0077; held out, counts only)
    # 184 -> 194 round 28 (decision 0078)
    "planner_blind27": 194,  # 183 first run (2026-12-04, after round 26, 4c9e505)
    # 159 -> 174 round 28 (decision 0078)
    "library_blind25": 174,  # 159 first run (2026-12-04, after round 26, 4c9e505)
    # 165 -> 164 round 27's review mended (narrower rules; counts only, never read per case)
    # 164 -> 165 round 28 (decision 0078; held out, counts only)
    "planner_blind28": 165,  # 165 first run (2026-12-04, after round 27, 97ee999; 164 on 39ff7a1 before it)
    # 154 -> 157 round 28 (decision 0078, after its review's mends; held out, counts only)
    "library_blind26": 157,  # 154 first run (2026-12-04, after round 27, 97ee999; 153 on 39ff7a1 before it)
    "planner_blind29": 177,  # 177 first run (2026-12-04, after round 28, ebcb886; 177 on 3a1dc81 before it)
    "library_blind27": 178,  # 178 first run (2026-12-04, after round 28, ebcb886; 178 on 3a1dc81 before it)
    "planner_blind30": 188,  # 188 first run (2026-12-05, after round 29; 188 on ed143ed before it)
}
MINIMUM_CASES = {
    "planner_utterances": 60,
    "planner_heldout": 40,
    "planner_heldout2": 40,
    "planner_blind3": 60,
    "library_utterances": 30,
    "library_dev": 60,
    "planner_blind4": 70,
    "library_blind2": 40,
    "planner_dev3": 240,
    "library_dev2": 140,
    "planner_blind5": 120,
    "library_blind3": 70,
    "planner_blind6": 119,
    "library_blind4": 79,
    "planner_dev4": 105,
    "library_dev3": 97,
    "planner_blind7": 120,
    "library_blind5": 78,
    "planner_dev5": 32,
    "library_dev4": 44,
    "planner_blind8": 127,
    "library_blind6": 85,
    "planner_dev6": 66,
    "library_dev5": 42,
    "planner_blind9": 157,
    "library_blind7": 122,
    "planner_blind10": 186,
    "library_blind8": 122,
    "planner_blind11": 188,
    "library_blind9": 113,
    "planner_blind12": 190,
    "library_blind10": 118,
    "planner_blind13": 188,
    "library_blind11": 114,
    "planner_blind14": 187,
    "library_blind12": 120,
    "planner_blind15": 187,
    "library_blind13": 114,
    "planner_blind16": 187,
    "library_blind14": 113,
    "planner_blind17": 192,
    "library_blind15": 117,
    "planner_blind18": 190,
    "library_blind16": 120,
    "planner_blind19": 201,
    "library_blind17": 148,
    "planner_blind20": 214,
    "library_blind18": 162,
    "planner_blind21": 236,
    "library_blind19": 181,
    "planner_blind22": 207,
    "library_blind20": 198,
    "planner_blind23": 195,
    "library_blind21": 174,
    "planner_blind24": 202,
    "library_blind22": 174,
    "planner_blind25": 210,
    "library_blind23": 169,
    "planner_blind26": 209,
    "library_blind24": 181,
    "planner_blind27": 217,
    "library_blind25": 211,
    "planner_blind28": 213,
    "library_blind26": 219,
    "planner_blind29": 214,
    "library_blind27": 240,
    "planner_blind30": 213,
}


@pytest.mark.parametrize("path", ALL_SUITES, ids=[p.stem for p in ALL_SUITES])
def test_planner_accuracy(path: Path) -> None:
    library_handler.reset()
    with suite_runtime(path) as runtime:
        cases = load_cases(runtime.sample, path)
        assert len(cases) >= MINIMUM_CASES[path.stem]
        results = run_suite(runtime.client(), runtime.sample, path)
    failed = [f"{r.id}: {'; '.join(r.problems)}" for r in results if not r.passed]
    passed = len(results) - len(failed)
    assert passed == PASSED[path.stem], (
        f"{path.name}: {passed}/{len(results)} passed, the gate says {PASSED[path.stem]}; "
        "failures:\n" + "\n".join(failed)
    )


@pytest.mark.parametrize("path", ALL_SUITES, ids=[p.stem for p in ALL_SUITES])
def test_suite_cases_are_well_formed(sample: SampleData, path: Path) -> None:
    allowed = {"id", "say", "expect", "agent", "customer", "before", "confirm"}
    expectations = {"calls", "confirm", "args", "kb", "cites", "answer", "declined", "asks", "guardrail"}
    cases = load_cases(sample, path)
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert set(case) <= allowed, case["id"]
        assert set(case["expect"]) <= expectations, case["id"]
        assert "{" not in case["say"], f"unresolved placeholder in {case['id']}"


@pytest.mark.parametrize("path", ALL_SUITES, ids=[p.stem for p in ALL_SUITES])
def test_suite_cases_name_only_declared_operations_and_parameters(sample: SampleData, path: Path) -> None:
    """A case expecting a call the agent does not declare, or an argument none of its expected calls
    (nor the change it expects confirmed; any operation when it names none) takes, can never pass: a
    label error, not a planner miss (round 19 found 18 such cases in planner_blind18)."""
    header = suite_header(path)
    agents = header.definitions()
    operations = [op for agent in agents.values() for op in agent.operations]
    parameters = {op.operation_id: {p.name for p in op.parameters} for op in operations}
    for case in load_cases(sample, path):
        expect = case["expect"]
        named = [*(expect.get("calls") or []), *([expect["confirm"]] if expect.get("confirm") else [])]
        assert set(named) <= set(parameters), f"{case['id']}: {named} are not all declared operations"
        taken = set().union(*(parameters[n] for n in (named or parameters)))
        args = set(expect.get("args") or {})
        assert args <= taken, f"{case['id']}: {sorted(args)} not in {sorted(taken)}"


def test_every_suite_has_a_gate_and_a_minimum_size() -> None:
    assert set(PASSED) == set(MINIMUM_CASES) == {path.stem for path in ALL_SUITES}
