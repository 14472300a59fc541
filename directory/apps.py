from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Справочник района"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import facts, navigation, search

        navigation.register()
        facts.register_directory_facts()  # staff counts a monitoring form can prefill
        # Case- and «ё»-insensitive search on SQLite (see directory.search).
        connection_created.connect(search.register_sqlite_fold, dispatch_uid="directory.search.fold")
