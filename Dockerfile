# The coach's server (Slack, Teams, scheduler) in a small image. Build: docker build -t strategy-coach .
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY flows ./flows
COPY storage ./storage
COPY scheduler ./scheduler
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=3978
COPY --from=build /install /usr/local
RUN useradd --create-home --uid 10001 coach
USER coach
WORKDIR /home/coach
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3978\")}/healthz')"
# Migrations first (Alembic, idempotent), then the server.
CMD ["sh", "-c", "python -m bot migrate && exec python -m bot serve"]
