"""Scoring: the criteria collection, scores of stored leads, the breakdown,
and the Scorer for data kept outside a book."""

import array
import os
import random
import tempfile
import unittest

import leadbook


def reference_score(signed_points, met):
    """The formulas of docs/scoring.md, written out plainly."""
    points = sum(signed_points[i] for i in met)
    max_points = sum(p for p in signed_points if p > 0)
    if max_points == 0:
        return leadbook.Score(0, points, 0)
    c = min(max(points, 0), max_points)
    stars = (10 * c + max_points) // (2 * max_points)
    percent = (200 * c + max_points) // (2 * max_points)
    return leadbook.Score(stars, points, percent)


class ScorerTest(unittest.TestCase):
    def test_documented_example(self):
        with leadbook.Scorer([3, 2, -2]) as scorer:
            self.assertEqual(len(scorer), 3)
            self.assertEqual(scorer.max_points, 5)
            self.assertEqual(scorer.score({0, 2}), leadbook.Score(stars=1, points=1, percent=20))
            self.assertEqual(scorer.score([0, 1]), (5, 5, 100))
            self.assertEqual(scorer.score(0b100), (0, -2, 0))
            self.assertEqual(scorer.score([]), (0, 0, 0))
            self.assertEqual(scorer.score_many([]), [])
        self.assertTrue(scorer.closed)

    def test_matches_the_formula(self):
        generator = random.Random(20261127)
        weights = [-3, -2, -1, 1, 2, 3]
        for count in (0, 1, 5, 63, 64, 65, 130):
            signed = [generator.choice(weights) for _ in range(count)]
            with leadbook.Scorer(signed) as scorer:
                self.assertEqual(scorer.max_points, sum(p for p in signed if p > 0))
                records = [
                    {i for i in range(count) if generator.random() < 0.4} for _ in range(50)
                ]
                expected = [reference_score(signed, met) for met in records]
                self.assertEqual(scorer.score_many(records), expected)
                # The same records as bit masks.
                masks = [sum(1 << i for i in met) for met in records]
                self.assertEqual(scorer.score_many(masks), expected)

    def test_bad_criteria_and_records(self):
        for bad in ([101], [-101], [1, 2, 1000]):
            with self.assertRaises(leadbook.ValidationError) as caught:
                leadbook.Scorer(bad)
            self.assertTrue(str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            leadbook.Scorer([2**40])
        with self.assertRaises(TypeError):
            leadbook.Scorer(["high"])
        with leadbook.Scorer([1, 2]) as scorer:
            with self.assertRaises(IndexError):
                scorer.score([2])
            with self.assertRaises(IndexError):
                scorer.score([-1])
            with self.assertRaises(ValueError):
                scorer.score(0b100)
            with self.assertRaises(ValueError):
                scorer.score(-1)
            with self.assertRaises(TypeError):
                scorer.score(True)
            self.assertEqual(scorer.score([1]), (3, 2, 67))
        with self.assertRaises(leadbook.Error):
            scorer.score([0])
        scorer.close()


class StoredScoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.book = leadbook.open(os.path.join(self.tmp.name, "scores.db"))
        self.addCleanup(self.book.close)
        # Start from no lead criteria, so the numbers below are known.
        for criterion in list(self.book.criteria.find(record_type="lead")):
            self.book.criteria.delete(criterion.id)

    def test_criteria_collection(self):
        criteria = self.book.criteria
        budget = criteria.add(record_type="lead", description="Budget confirmed",
                              weight="high", effect="raise")
        self.assertEqual(budget.weight, "high")
        self.assertEqual(criteria.get(budget.id), budget)
        self.assertEqual(criteria.count(record_type="lead"), 1)
        with self.assertRaises(leadbook.ValidationError) as caught:
            criteria.add(record_type="lead", description="x", weight="huge", effect="raise")
        self.assertIn("weight", str(caught.exception))
        self.assertEqual(criteria.count(record_type="lead"), 1)

    def test_explicit_points(self):
        criteria = self.book.criteria
        need = criteria.add(record_type="lead", description="Need identified", points=40)
        rival = criteria.add(record_type="lead", description="Competitor chosen",
                             weight="low", effect="lower")
        self.assertEqual(need.points, 40)
        lead = self.book.leads.add(full_name="Jane Doe", criteria_met=[need.id, rival.id])
        self.assertEqual((lead.score.stars, lead.score.points, lead.score.percent),
                         reference_score([40, -1], [0, 1]))
        with leadbook.Scorer([40, -1]) as scorer:
            self.assertEqual(scorer.score({0, 1}), reference_score([40, -1], [0, 1]))
        before = (criteria.get(need.id), self.book.leads.get(lead.id))
        for bad in (101, -101):
            with self.assertRaises(leadbook.ValidationError) as caught:
                criteria.update(need.id, points=bad)
            self.assertIn("'points' must be from -100 to 100", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError):
            criteria.add(record_type="lead", description="Too much", points=500)
        self.assertEqual((criteria.get(need.id), self.book.leads.get(lead.id)), before)
        self.assertEqual(criteria.count(record_type="lead"), 2)
        # Back to its weight.
        criteria.update(need.id, points=None)
        self.assertEqual(self.book.leads.get(lead.id).score.points, 2 - 1)

    def test_lead_scores_and_breakdown(self):
        criteria = self.book.criteria
        need = criteria.add(record_type="lead", description="Need identified",
                            weight="high", effect="raise")
        budget = criteria.add(record_type="lead", description="Budget confirmed",
                              weight="normal", effect="raise")
        rival = criteria.add(record_type="lead", description="Competitor chosen",
                             weight="low", effect="lower")
        lead = self.book.leads.add(full_name="Jane Doe", criteria_met=[need.id, rival.id])
        self.assertEqual(lead.score.mode, "automatic")
        self.assertEqual(lead.score.max_points, 5)
        expected = reference_score([3, 2, -1], [0, 2])
        self.assertEqual((lead.score.stars, lead.score.points, lead.score.percent), expected)

        breakdown = self.book.leads.score_breakdown(lead.id)
        self.assertEqual(breakdown.record_id, lead.id)
        self.assertEqual(breakdown.score, lead.score)
        met = {item.criterion_id: item for item in breakdown.met}
        self.assertEqual(set(met), {need.id, rival.id})
        self.assertEqual(met[need.id].points, 3)
        self.assertEqual(met[rival.id].points, -1)
        self.assertEqual(met[rival.id].effect, "lower")
        self.assertEqual(met[need.id].description, "Need identified")
        self.assertEqual((breakdown.points, breakdown.max_points), (2, 5))
        self.assertEqual((breakdown.automatic_stars, breakdown.points, breakdown.automatic_percent),
                         expected)
        with self.assertRaises(leadbook.NotFound):
            self.book.leads.score_breakdown(lead.id + 1000)

        # Editing a criterion rescores the lead.
        criteria.update(budget.id, version=budget.version, weight="high")
        rescored = self.book.leads.get(lead.id)
        self.assertEqual(rescored.score.max_points, 6)
        self.assertEqual(
            (rescored.score.stars, rescored.score.points, rescored.score.percent),
            reference_score([3, 3, -1], [0, 2]))

        # A manual score keeps its stars; the totals stay what the criteria give.
        manual = self.book.leads.update(lead.id, version=rescored.version,
                                        score={"mode": "manual", "stars": 5})
        breakdown = self.book.leads.score_breakdown(manual.id)
        self.assertEqual(breakdown.score.stars, 5)
        self.assertEqual(breakdown.max_points, 6)
        self.assertEqual((breakdown.automatic_stars, breakdown.points, breakdown.automatic_percent),
                         reference_score([3, 3, -1], [0, 2]))

    def test_manual_score(self):
        lead = self.book.leads.add(full_name="Jane Doe", score={"mode": "manual", "stars": 4})
        self.assertEqual(lead.score.mode, "manual")
        self.assertEqual(lead.score.stars, 4)
        with self.assertRaises(leadbook.ValidationError):
            self.book.leads.update(lead.id, version=lead.version,
                                   score={"mode": "manual", "stars": 6})
        self.assertEqual(self.book.leads.get(lead.id).score.stars, 4)


if __name__ == "__main__":
    unittest.main()


class TuningTest(unittest.TestCase):
    """leadbook.tune_weights from plain arrays (any buffer) and
    book.scoring.tune on a database."""

    @staticmethod
    def data():
        # 200 records on 2 criteria: criterion 0 mostly met by converted
        # records, criterion 1 by every record.
        outcomes = [r % 2 for r in range(200)]
        masks = [(1 if (r % 2 == 1 and r % 7 != 0) or r % 10 == 0 else 0) | 2
                 for r in range(200)]
        return masks, outcomes

    def test_plain_arrays_and_buffers(self):
        masks, outcomes = self.data()
        report = leadbook.tune_weights(masks, outcomes, [1, 2])
        self.assertEqual(report["points"], [100, 2])
        self.assertFalse(report["criteria"][1]["fitted"])
        self.assertIn("every record meets it", report["criteria"][1]["note"])
        self.assertGreater(report["cv_auc_points"], 0.8)
        self.assertEqual(sum(b["records"] for b in report["bands_points"]), 200)
        # Any buffer: array.array, bytes.
        same = leadbook.tune_weights(array.array("Q", masks), bytes(outcomes),
                                     array.array("i", [1, 2]))
        self.assertEqual(same, report)
        with self.assertRaises(leadbook.InvalidArgument):
            leadbook.tune_weights(array.array("I", masks), outcomes, [1, 2])

    def test_plain_arrays_bad_outcomes(self):
        masks, outcomes = self.data()
        with self.assertRaises(leadbook.ValidationError) as caught:
            leadbook.tune_weights(masks[:40], outcomes[140:180], [1, 2])
        self.assertIn("at least 30 converted and 30 lost", str(caught.exception))
        with self.assertRaises(leadbook.ValidationError) as caught:
            leadbook.tune_weights(masks, [1] * 200, [1, 2])
        self.assertIn("all 200 outcomes are converted", str(caught.exception))

    def test_book_tune_dry_run_and_apply(self):
        with tempfile.TemporaryDirectory() as tmp:
            with leadbook.open(os.path.join(tmp, "tune.db")) as book:
                for criterion in list(book.criteria.find(record_type="lead")):
                    book.criteria.delete(criterion.id)
                need = book.criteria.add(record_type="lead", description="Need")
                other = book.criteria.add(record_type="lead", description="Other")
                labels = {}
                for r in range(200):
                    met = ([need.id] if (r % 2 == 1 and r % 7 != 0) or r % 10 == 0 else []) + (
                        [other.id] if r % 3 == 0 else [])
                    lead = book.leads.add(full_name=f"Lead {r}", criteria_met=met)
                    labels[lead.id] = r % 2 == 1
                before = [book.criteria.get(need.id), book.criteria.get(other.id)]
                report = book.scoring.tune(labels)
                self.assertEqual(report["records"], 200)
                self.assertEqual(report["points"][0], 100)
                self.assertEqual([book.criteria.get(need.id), book.criteria.get(other.id)],
                                 before)
                with self.assertRaises(leadbook.ValidationError):
                    book.scoring.tune(dict(list(labels.items())[:20]), dry_run=False)
                with self.assertRaises(leadbook.NotFound):
                    book.scoring.tune({**labels, 999999: True}, dry_run=False)
                self.assertEqual([book.criteria.get(need.id), book.criteria.get(other.id)],
                                 before)
                ids = array.array("q", labels.keys())
                flags = bytes(1 if v else 0 for v in labels.values())
                applied = book.scoring.tune(ids, flags, dry_run=False)
                self.assertEqual(applied["points"], report["points"])
                self.assertEqual(book.criteria.get(need.id).points, 100)



class GradesTest(unittest.TestCase):
    """Grades: bands over the percent, read as a field, edited per record
    type; bad bands change nothing."""

    def test_grades_bands_and_events(self):
        with tempfile.TemporaryDirectory() as tmp:
            with leadbook.open(os.path.join(tmp, "grades.db")) as book:
                for criterion in list(book.criteria.find(record_type="lead")):
                    book.criteria.delete(criterion.id)
                need = book.criteria.add(record_type="lead", description="Need", weight="high")
                budget = book.criteria.add(record_type="lead", description="Budget")
                both = book.leads.add(full_name="Both", criteria_met=[need.id, budget.id])
                some = book.leads.add(full_name="Some", criteria_met=[budget.id])
                self.assertEqual((both.score.grade, some.score.grade), ("A", "C"))
                self.assertEqual(book.scoring.grade_bands()[0],
                                 {"name": "A", "from": 75, "to": 100})
                self.assertEqual([lead.id for lead in book.leads.find(**{"score.grade": "C"})],
                                 [some.id])
                self.assertEqual(book.leads.bulk_edit([("score.grade", "eq", "A")],
                                                      "rating", "hot"), 1)
                heard = []
                book.on_change(heard.append)
                bands = [{"name": "Hot", "from": 40, "to": 100},
                         {"name": "Cold", "from": 0, "to": 39}]
                self.assertEqual(book.scoring.set_grade_bands(bands), 2)
                self.assertEqual(book.scoring.grade_bands(), bands)
                self.assertEqual(book.scoring.grade_bands("business_contact")[3]["name"], "D")
                graded = [c for c in heard[0] if c.kind == "graded"][0]
                self.assertEqual(graded.collection, "leads")
                self.assertEqual(sorted((g.id, g["from"], g.to) for g in graded.grades),
                                 [(both.id, "A", "Hot"), (some.id, "C", "Hot")])
                before = ([lead.to_dict() for lead in book.leads.find()],
                          book.scoring.grade_bands())
                for bad, words in (
                        ([{"name": "A", "from": 50, "to": 100},
                          {"name": "B", "from": 0, "to": 50}], "overlap"),
                        ([{"name": "A", "from": 60, "to": 100},
                          {"name": "B", "from": 0, "to": 49}],
                         "no band covers 50 to 59")):
                    with self.assertRaises(leadbook.ValidationError) as caught:
                        book.scoring.set_grade_bands(bad)
                    self.assertIn(words, str(caught.exception))
                self.assertEqual(([lead.to_dict() for lead in book.leads.find()],
                                  book.scoring.grade_bands()), before)
