"""Interview analysis as a pipeline of named, resumable steps, stored with their models.

Steps per answer: transcribe, assess, video; per interview: identity, score.

- `service.AnalysisService`: start (or resume) a run, analyse imported files, re-run
  with other settings or models, read the latest complete result.
- `pipeline.AnalysisPipeline`: one run; `analyse_answer` per answer as it is stored,
  `finish` for the interview-level steps, `analyse_files` for imported recordings.
- `results.CandidateAnalysis`: what the review page and the PDF read.
- `cli.register`: `candor transcribe`, `assess`, `analyse`, `report`.

Nothing is imported here, so `candor --help` does not load the analysis libraries.
"""
