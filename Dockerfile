# The production image: one image for web, worker and beat.
FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/ ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else mkdir -p dist; fi

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=socialtrend.settings
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=spa /src/frontend/dist ./frontend/dist
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system --home /app socialtrend && mkdir -p /app/var && chown -R socialtrend /app/var
USER socialtrend
EXPOSE 8000
CMD ["gunicorn", "socialtrend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
