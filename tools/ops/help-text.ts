/** Long help the commands print after their options. */

export const EXIT_CODES = `
Exit codes: 0 ok; 1 error (bad arguments, unreachable Kafka/Postgres, promote refused); 2 drift
(replay --verify found differences, or why's answer from the log disagrees with the live tables).
Environment: KAFKA_BROKERS, DATABASE_URL, TOPIC_PREFIX (or TOPIC_EVENTS, TOPIC_LINK_CHANGED),
CONSUMER_GROUP_PREFIX, as for the services; OPS_DEBUG=1 shows kafkajs's log. With neither
KAFKA_BROKERS nor DATABASE_URL set, the commands work on the embedded mode's folder, DATA_DIR
(default .data/embedded), with the server stopped. Answers go to stdout, progress and notes to stderr.`;

export const REPLAY_HELP = `
Rebuilds the link projector's tables (link_sides, users, chats and its processed_events ledger)
from the first event into <schema>, with the projector's own code (pairEventOf, evolvePair,
sideWrites). Malformed events are counted and skipped, repeated event ids are skipped like the
ledger does. --upto end (default) reads to each partition's end as of the start; --upto projector
reads to the projector group's committed offsets (exact for a stopped projector).

Promoting (the projector must not write meanwhile):
  1. Stop the projector, e.g. kubectl scale deployment/link-projector --replicas=0, until
     \`ops lag\` shows its group Empty with 0 members. The gateway and the assembler may keep
     running; sends wait for their results (503 RESULT_TIMEOUT is safe to retry).
  2. ops replay --into shadow --verify --promote
     Replays up to the projector's committed offsets, prints the diff (the rows about to change),
     then in ONE transaction makes public.link_sides, users and chats equal to the shadow (rows
     changed in place; live-only users are kept: they are sign-ups past the replay's end) and sets
     the projector's ledger to exactly the replayed events. It refuses if the projector runs or
     moved, or if its ledger has events past its committed offsets (it crashed rather than
     stopped: run it until its lag is 0, stop it gracefully, try again).
  3. Start the projector again. It resumes at its committed offsets on the promoted tables and
     applies what arrived meanwhile, emitting those messages' LinkChanged as usual.`;
