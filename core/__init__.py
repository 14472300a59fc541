"""Pure helpers with no models that import no project app."""
