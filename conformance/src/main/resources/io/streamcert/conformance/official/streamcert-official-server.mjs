// Written by streamcert (io.streamcert.conformance.official.OfficialNodeServer): starts the official
// Durable Streams reference server and reports its port.
//
//   node streamcert-official-server.mjs '{"host":"127.0.0.1","port":0,"longPollTimeout":500}'
//
// Prints "READY <port>" once listening, "FAILED ..." and exits 2 when it cannot start. Stops on
// SIGTERM or SIGINT, and when stdin ends: the JVM holds stdin open, so end-of-file means the JVM is
// gone (even one killed with SIGKILL), and a server nobody will stop must not outlive it.
import { DurableStreamTestServer } from "@durable-streams/server";

const options = JSON.parse(process.argv[2] ?? "{}");
const server = new DurableStreamTestServer(options);

let stopping = false;
async function stop(reason) {
  if (stopping) return;
  stopping = true;
  // A close stuck on a lingering connection must not keep the process alive.
  setTimeout(() => process.exit(0), 3000).unref();
  try {
    await server.stop();
    console.log("STOPPED (" + reason + ")");
    process.exit(0);
  } catch (err) {
    console.error("FAILED to stop cleanly: " + (err?.stack ?? err));
    process.exit(1);
  }
}

process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
process.stdin.on("end", () => stop("stdin closed"));
process.stdin.on("error", () => stop("stdin failed"));
process.stdin.resume();

try {
  const url = await server.start();
  console.log("READY " + new URL(url).port);
} catch (err) {
  console.error("FAILED to start: " + (err?.stack ?? err));
  process.exit(2);
}
