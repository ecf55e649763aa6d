"""The Python package next to a hand-written store on the standard sqlite3
module, in the same run, on the same data.

The baseline is what a Python programmer would write without leadbook: a
leads table and an e-mails table with indexes, values checked in Python
before they are stored, one transaction per batch. Three jobs are timed:

* add_many: 20,000 leads with two e-mail addresses each, in one call
  (one transaction);
* get: 2,000 leads by id, each with its e-mail addresses;
* find: iterating the leads a query finds (200,000 by default), each with
  its e-mail addresses.

Each job runs ``--repeat`` times and the best time counts, in CPU time of
this process by default (``--clock wall`` for elapsed time). The output gives
the times, leadbook's time over the baseline's (lower is better) and the
records per second. Then, for each job, the same calls of the C library
with nothing done in Python (the JSON made beforehand, results neither
decoded nor wrapped): the share of leadbook's time that is the library's
own, next to the same baseline.

Run it against a release build of the library (the CMake target
``python_bench`` of a Release tree does this)::

    LEADBOOK_LIBRARY=build/release/libleadbook.so \\
        PYTHONPATH=bindings/python python3 benchmarks/python/bench_leadbook.py
"""

import argparse
import ctypes
import json
import os
import random
import sqlite3
import sys
import tempfile
import time

import leadbook
from leadbook import _native

RATINGS = ("", "hot", "warm", "cold")
LABELS = ("work", "home", "other")


def make_leads(count, seed):
    """``count`` leads as plain dicts, the same for both stores."""
    rng = random.Random(seed)
    leads = []
    for i in range(count):
        first = f"First{rng.randrange(5000)}"
        last = f"Last{i}"
        company = f"Company {rng.randrange(2000)}"
        leads.append({
            "full_name": f"{first} {last}",
            "company": company,
            "job_title": rng.choice(("Buyer", "CTO", "Engineer", "Manager")),
            "rating": rng.choice(RATINGS),
            "notes": "Met at the fair" if i % 3 == 0 else "",
            "emails": [
                {"label": "work", "address": f"{first.lower()}.{i}@company{i % 2000}.example"},
                {"label": "home", "address": f"{last.lower()}@mail.example"},
            ],
        })
    return leads


class SqliteStore:
    """The hand-written baseline: two tables, indexes, checks in Python."""

    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            CREATE TABLE leads (
                id INTEGER PRIMARY KEY,
                full_name TEXT NOT NULL,
                company TEXT NOT NULL DEFAULT '',
                job_title TEXT NOT NULL DEFAULT '',
                rating TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                version INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                modified_at TEXT NOT NULL);
            CREATE INDEX leads_company ON leads(company);
            CREATE INDEX leads_full_name ON leads(full_name);
            CREATE TABLE emails (
                lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                label TEXT NOT NULL,
                address TEXT NOT NULL,
                PRIMARY KEY (lead_id, position));
            CREATE INDEX emails_address ON emails(address);
        """)

    @staticmethod
    def check(lead):
        for name in ("full_name", "company", "job_title", "rating", "notes"):
            if not isinstance(lead.get(name, ""), str):
                raise ValueError(f"{name} must be text")
        if not lead["full_name"].strip():
            raise ValueError("full_name must not be blank")
        if lead.get("rating", "") not in RATINGS:
            raise ValueError(f"rating: {lead['rating']!r} is not a rating")
        for email in lead.get("emails", ()):
            if email["label"] not in LABELS:
                raise ValueError(f"emails.label: {email['label']!r}")
            address = email["address"]
            if not isinstance(address, str) or "@" not in address:
                raise ValueError(f"emails.address: {address!r} is not an e-mail address")

    def add_many(self, leads):
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for lead in leads:
            self.check(lead)
        ids = []
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for lead in leads:
                cur.execute(
                    "INSERT INTO leads (full_name, company, job_title, rating, notes, "
                    "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (lead["full_name"], lead.get("company", ""), lead.get("job_title", ""),
                     lead.get("rating", ""), lead.get("notes", ""), now, now))
                lead_id = cur.lastrowid
                ids.append(lead_id)
                cur.executemany(
                    "INSERT INTO emails (lead_id, position, label, address) VALUES (?, ?, ?, ?)",
                    [(lead_id, i, e["label"], e["address"])
                     for i, e in enumerate(lead.get("emails", ()))])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return ids

    _COLUMNS = ("id", "full_name", "company", "job_title", "rating", "notes", "version",
                "created_at", "modified_at")

    def get(self, lead_id):
        row = self.db.execute(
            "SELECT id, full_name, company, job_title, rating, notes, version, created_at, "
            "modified_at FROM leads WHERE id = ?", (lead_id,)).fetchone()
        if row is None:
            raise KeyError(lead_id)
        lead = dict(zip(self._COLUMNS, row))
        lead["emails"] = [{"label": label, "address": address} for label, address in
                          self.db.execute("SELECT label, address FROM emails WHERE lead_id = ? "
                                          "ORDER BY position", (lead_id,))]
        return lead

    def find_all(self):
        """Every lead with its e-mails, by id: two ordered scans merged."""
        emails = self.db.execute(
            "SELECT lead_id, label, address FROM emails ORDER BY lead_id, position")
        pending = next(emails, None)
        for row in self.db.execute(
                "SELECT id, full_name, company, job_title, rating, notes, version, "
                "created_at, modified_at FROM leads ORDER BY id"):
            lead = dict(zip(self._COLUMNS, row))
            mine = []
            while pending is not None and pending[0] == row[0]:
                mine.append({"label": pending[1], "address": pending[2]})
                pending = next(emails, None)
            lead["emails"] = mine
            yield lead

    def close(self):
        self.db.close()


#: The clock of the measurements: "cpu" (this process's CPU time, user and
#: system: steady on a machine that other work shares) or "wall".
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
clock = time.process_time


def best_of(repeat, job):
    """The best time of ``repeat`` runs of ``job(run)``; job returns a
    number of records, the same each run."""
    best = None
    count = None
    for run in range(repeat):
        start = clock()
        count = job(run)
        elapsed = clock() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", type=int, default=20000, help="leads per add_many")
    parser.add_argument("--gets", type=int, default=2000, help="gets by id")
    parser.add_argument("--find", type=int, default=200000, help="leads iterated by a find")
    parser.add_argument("--repeat", type=int, default=3, help="runs per job; the best counts")
    parser.add_argument("--dir", default=None, help="where the database files go")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: the process's CPU time (default; steady when other work "
                             "shares the machine), wall: elapsed time")
    args = parser.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]

    print(f"leadbook {leadbook.__version__}, library {leadbook.library_path}, "
          f"{args.clock} time")
    batch = make_leads(args.add, seed=1)
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        stores = {}
        for name in ("sqlite3", "leadbook"):
            path = os.path.join(tmp, f"{name}.db")
            stores[name] = SqliteStore(path) if name == "sqlite3" else leadbook.open(path)

        # add_many: a fresh batch each run (the same data in both stores).
        def add_sqlite(run):
            return len(stores["sqlite3"].add_many(batch))

        def add_leadbook(run):
            return len(stores["leadbook"].leads.add_many(batch))

        results["add_many"] = (best_of(args.repeat, add_sqlite), best_of(args.repeat, add_leadbook))

        # The C library's part of add_many: the same batch as JSON text made
        # beforehand, then only the call (it adds the batch once more).
        encoded = json.dumps(batch).encode("utf-8")

        def add_library(run):
            ids = ctypes.POINTER(ctypes.c_int64)()
            count = ctypes.c_size_t()
            stores["leadbook"]._call(_native.lib.leadbook_add_many, _native.LEADS, encoded,
                                     ctypes.byref(ids), ctypes.byref(count))
            _native.lib.leadbook_free(ctypes.cast(ids, ctypes.c_void_p).value)
            return count.value

        library_add = best_of(1, add_library)
        stores["sqlite3"].add_many(batch)  # the same data in both stores again

        # Fill both up to the size of the find.
        stored = args.add * (args.repeat + 1)
        while stored < args.find:
            more = make_leads(min(args.add, args.find - stored), seed=stored)
            stores["sqlite3"].add_many(more)
            stores["leadbook"].leads.add_many(more)
            stored += len(more)

        rng = random.Random(7)
        ids = [rng.randrange(1, stored + 1) for _ in range(args.gets)]

        def get_sqlite(run):
            for lead_id in ids:
                stores["sqlite3"].get(lead_id)
            return len(ids)

        def get_leadbook(run):
            leads = stores["leadbook"].leads
            for lead_id in ids:
                leads.get(lead_id)
            return len(ids)

        results["get"] = (best_of(args.repeat, get_sqlite), best_of(args.repeat, get_leadbook))

        def find_sqlite(run):
            count = 0
            for lead in stores["sqlite3"].find_all():
                count += len(lead["emails"]) > 0
                if count == args.find:
                    break
            return count

        def find_leadbook(run):
            count = 0
            for lead in stores["leadbook"].leads.find(limit=args.find):
                count += len(lead.emails) > 0
            return count

        results["find"] = (best_of(args.repeat, find_sqlite), best_of(args.repeat, find_leadbook))

        # The same calls of the C library with nothing done in Python (no
        # JSON decoding, no records): the part of leadbook's time that is
        # the library's own.
        def get_library(run):
            book = stores["leadbook"]
            out = ctypes.c_void_p()
            for lead_id in ids:
                book._call(_native.lib.leadbook_get, _native.LEADS, lead_id, ctypes.byref(out))
                _native.lib.leadbook_free(out.value)
            return len(ids)

        def find_library(run):
            cursor = stores["leadbook"].leads.find(limit=args.find)
            handle = stores["leadbook"]._handle
            pointer = handle.cursors[cursor._key]
            out = ctypes.c_char_p()
            total = 0
            while True:
                _native.lib.leadbook_cursor_next(pointer, ctypes.byref(out))
                if out.value is None:
                    break
                total += 1
            cursor.close()
            return total

        library = {"add_many": library_add, "get": best_of(args.repeat, get_library),
                   "find": best_of(args.repeat, find_library)}
        stores["sqlite3"].close()
        stores["leadbook"].close()

    print(f"{'job':<10}{'records':>10}{'sqlite3 s':>12}{'leadbook s':>12}{'ratio':>8}"
          f"{'leadbook rec/s':>16}")
    for job, ((base, base_count), (ours, our_count)) in results.items():
        if base_count != our_count:
            print(f"{job}: the stores returned {base_count} and {our_count} records",
                  file=sys.stderr)
            return 1
        print(f"{job:<10}{our_count:>10}{base:>12.3f}{ours:>12.3f}{ours / base:>8.2f}"
              f"{our_count / ours:>16,.0f}")
    print("ratio: leadbook's time over the sqlite3 store's (lower is better)")
    for job, (ours, count) in library.items():
        base = results[job][0][0]
        print(f"{job + ' (C library calls only)':<34}{ours:>8.3f} s  ratio {ours / base:.2f}  "
              f"{count / ours:,.0f} rec/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
