from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "csrating.store"
    label = "csrating_store"
    verbose_name = "csrating application database"
