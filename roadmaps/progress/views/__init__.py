"""Views of school progress reports: one organization's reports (`reports`) and the district's views
(`district`). URLs are in roadmaps/urls.py."""
