"""School progress reports on roadmap items, built on the progress app's review workflow: who reports on
what (assignment), the report and its evidence, review, and the district's views (grid, queue, school
page, dashboard, «Мои задачи»). The models (ProgressReport, ReportEvidence, ReportEvent) stay in
roadmaps/models.py: they hang on Occurrence."""
