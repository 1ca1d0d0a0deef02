"""Schema step 4: interview analysis runs, their answers and their step results.

Plain data (a summary and SQL statements), appended to `app.storage.migrations`.

Why the tables look like this:

- `analysis_answers` is the frozen input of an analysis: for each answer of a
  source (an interview session, or a set of imported files) the question, its key
  points and the reference to the encrypted recording. A re-run with another model
  or other settings reads only these rows, so it never depends on another module's
  tables, and the question a result was judged against is the one stored here.
- `analysis_runs`: one per attempt. A re-run is a new run; old runs stay, so the
  models and settings behind any result shown earlier can still be named. Only a
  `complete` run is shown as a result.
- `analysis_step_results`: one row per finished step of one answer (`answer_key`
  '' for the interview-level steps). A row is inserted in one transaction when its
  step has finished, never updated, so a crash or a cancel can only leave a step
  missing, never half-written; resuming runs exactly the missing steps.
- Transcripts and scores are candidate data: they live only in this (encrypted)
  database. Erasing a candidate (`app.candidates`) turns their row into a
  tombstone; the trigger below removes everything this step stores about them in
  the same transaction (`secure_delete` zeroes the freed pages).
"""

SUMMARY = "interview analysis: frozen answer inputs, runs, and per-step results"

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE analysis_answers (
        id INTEGER PRIMARY KEY,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        source TEXT NOT NULL,
        answer_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        question_json TEXT NOT NULL,
        media_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (source, answer_key)
    ) STRICT""",
    "CREATE INDEX analysis_answers_candidate ON analysis_answers (candidate_id, source)",
    """CREATE TABLE analysis_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        candidate_id INTEGER NOT NULL REFERENCES candidates (id),
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'complete', 'failed', 'cancelled')),
        settings_json TEXT NOT NULL,
        models_json TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX analysis_runs_candidate ON analysis_runs (candidate_id, status, id)",
    """CREATE TABLE analysis_step_results (
        run_id INTEGER NOT NULL REFERENCES analysis_runs (id) ON DELETE CASCADE,
        answer_key TEXT NOT NULL,
        step TEXT NOT NULL,
        status TEXT NOT NULL,
        result_json TEXT NOT NULL,
        model_json TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (run_id, answer_key, step)
    ) STRICT""",
    # A stored step result is final: a new result is a new run.
    """CREATE TRIGGER analysis_step_results_final BEFORE UPDATE ON analysis_step_results
        BEGIN SELECT RAISE(ABORT, 'a stored step result is never changed'); END""",
    """CREATE TRIGGER analysis_erased_with_candidate
        AFTER UPDATE OF erased_at ON candidates
        WHEN NEW.erased_at IS NOT NULL
        BEGIN
            DELETE FROM analysis_step_results WHERE run_id IN
                (SELECT id FROM analysis_runs WHERE candidate_id = NEW.id);
            DELETE FROM analysis_runs WHERE candidate_id = NEW.id;
            DELETE FROM analysis_answers WHERE candidate_id = NEW.id;
        END""",
)
