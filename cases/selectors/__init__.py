"""Reads of the cases app, one module per idea: who may see what (access), deadlines,
repeat respondents, the reads the workflow's guards need (process, guards), the
directory's resources for notices, and the dashboard. Import a name from the module that
defines it (`from cases.selectors.access import case_visible_queryset`): this package
re-exports nothing.
"""
