from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "csrating.web"
    label = "csrating_web"
    verbose_name = "csrating web application"
