from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "learninglab.demo"
    label = "demo"
    verbose_name = "Demo data"
