"""AI Briefs' editor tools: `new`, `check`, `import`, `schema` and `serve` (`python -m briefs_tools`).

They share the build plugin's model and loader (`briefs`), which never imports them: a build loads
none of this code. Not a Pelican plugin, so there is no `register()`.
"""
