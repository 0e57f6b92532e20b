"""The baselines of ``bench.load``: a bare Flask app served by the same gunicorn settings.

``POST /insert`` stores its 1 KB form field with one INSERT (one transaction) in the same
database as the platform; ``GET /page`` renders a small Jinja template without reading
the database. Nothing else: no sessions, CSRF, translations, security headers or cache.

    gunicorn -c gunicorn.conf.py 'bench.bare:create()'
"""
from __future__ import annotations

import os

from flask import Flask, render_template_string, request
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine

import inspraak.extensions  # noqa: F401  (the same SQLite pragmas as the platform: WAL, synchronous=FULL)

metadata = MetaData()
blob = Table("bench_blob", metadata, Column("id", Integer, primary_key=True), Column("body", Text, nullable=False))

PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<ul>{% for item in items %}<li><a href="/item/{{ item.id }}">{{ item.title }}</a> <p>{{ item.summary }}</p></li>{% endfor %}</ul>
</main></body></html>"""
ITEMS = [{"id": n, "title": f"Consultatie {n}", "summary": "Een korte samenvatting van het voorstel. " * 3}
         for n in range(20)]


def create() -> Flask:
    from inspraak import config_module

    url = config_module().normalise_database_url(os.environ["DATABASE_URL"])
    options = config_module().DevelopmentConfig().engine_options(url)
    engine = create_engine(url, **options)
    app = Flask("bench_bare")

    @app.post("/insert")
    def insert():
        with engine.begin() as connection:
            connection.execute(blob.insert().values(body=request.form["body"]))
        return "ok"

    @app.get("/page")
    def page():
        return render_template_string(PAGE, title="Consultaties", items=ITEMS)

    return app
