#!/bin/sh
# The qabot image's entry point: check the knowledge base folder it is given, then run qabot.
#
# A folder mounted from the host (-v "$PWD/my-kb:/kb") keeps the host's owner. qabot keeps its
# fact store in /kb/.qabot/ and needs to write there; when it cannot, it still answers, but
# extracts the facts again at every start. Say so in one clear line, with the fix, instead
# of letting the store go unsaved in silence.
set -eu

kb="${QABOT_KB:-}"
if [ -n "$kb" ]; then
    if [ ! -d "$kb" ]; then
        echo "qabot: error: QABOT_KB=$kb is not a folder in the container;" \
             "mount your documents there, e.g. -v \"\$PWD/my-kb:$kb\"" >&2
        exit 2
    fi
    store="$kb/.qabot"
    if [ ! -w "$kb" ] && [ ! -w "$store" ]; then
        owner="$(stat -c %u:%g "$kb")"
        echo "qabot: warning: $kb (owned by $owner) is not writable by this container's user" \
             "$(id -u):$(id -g), so the fact store cannot be saved in $store and is rebuilt at every" \
             "start. Run the container as the folder's owner: docker run --user $owner ..." \
             "(compose: user: \"$owner\"); a read-only mount works too, at that cost." >&2
    fi
fi
exec qabot "$@"
