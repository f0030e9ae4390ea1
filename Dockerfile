# qabot: the Telegram bot (`qabot telegram`) by default; any other qabot command can be run.
#   docker build -t qabot .
#   docker run --rm -e TELEGRAM_BOT_TOKEN qabot
#   docker run --rm -e TELEGRAM_BOT_TOKEN -e QABOT_KB=/kb -v "$PWD/my-kb:/kb" qabot
# The token comes from the environment at run time; it is never baked into the image.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Build a wheel of the project, so the final image holds no source tree or build leftovers.
FROM ${PYTHON_IMAGE} AS wheel
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY retrieval/ retrieval/
COPY knowledge/ knowledge/
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=wheel /wheels/ /tmp/wheels/
RUN pip install /tmp/wheels/*.whl \
    && rm -rf /tmp/wheels \
    && useradd --system --create-home --uid 10001 --user-group qabot \
    && install -d -o qabot -g qabot /kb
# A knowledge base folder may be mounted at /kb (owned by qabot, so the fact store can be
# written there); set QABOT_KB=/kb to use it. Unset, the bot answers from the bundled documents.
USER qabot
WORKDIR /home/qabot
ENTRYPOINT ["qabot"]
CMD ["telegram"]
