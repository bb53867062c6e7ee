from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.home, name="home"),
    path("reporting-options/", views.reporting_options, name="options"),
    path("resources/", views.resource_directory, name="directory"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("definitions/", views.definitions, name="definitions"),
    path("rights/", views.rights, name="rights"),
    path("training/", views.training, name="training"),
    path("training/materials/<int:pk>/", views.training_material, name="training_material"),
    path("exit/", views.quick_exit, name="exit"),
    path("staying-safe-online/", views.staying_safe, name="staying_safe"),
    # Browsers and crawlers that ask for /favicon.ico without reading the page's <link rel="icon">.
    path("favicon.ico", views.favicon),
]
