# qabot: the Telegram bot (`qabot telegram`) by default; any other qabot command can be run.
#   docker build -t qabot .
#   docker run --rm -e TELEGRAM_BOT_TOKEN qabot
#   docker run --rm -e TELEGRAM_BOT_TOKEN -e QABOT_KB=/kb -v "$PWD/my-kb:/kb" --user "$(id -u):$(id -g)" qabot
# The token comes from the environment at run time; it is never baked into the image.
# A host folder mounted at /kb keeps its host owner: run as that owner (--user) so that the
# fact store can be saved in /kb/.qabot/; the entry point says so when it cannot.
# compose.yaml beside this file does all of that.

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
COPY deploy/entrypoint.sh /usr/local/bin/qabot-entrypoint
# With the documents extra: PDF and Word files are read too.
RUN pip install "$(ls /tmp/wheels/*.whl)[documents]" \
    && rm -rf /tmp/wheels \
    && chmod 755 /usr/local/bin/qabot-entrypoint \
    && useradd --system --create-home --uid 10001 --user-group qabot \
    && install -d -o qabot -g qabot /kb
# A knowledge base folder may be mounted at /kb; set QABOT_KB=/kb to use it. Unset, the bot
# answers from the bundled documents. The entry point checks the folder, then runs qabot.
USER qabot
WORKDIR /home/qabot
ENTRYPOINT ["qabot-entrypoint"]
CMD ["telegram"]
