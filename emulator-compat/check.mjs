// Drives the Promptly LLM emulator with OpenAI's official Node client: a JSON completion, a
// stream with usage, a refusal, a context overflow, and a provider batch (files.create,
// batches.create, batches.retrieve until completed, files.content) and embeddings.create. Any mismatch with what the client expects
// fails an assertion and exits non-zero; on success it prints one JSON line of what it saw.
//
//   node check.mjs http://127.0.0.1:8090/v1
import assert from "node:assert/strict";
import OpenAI, { toFile } from "openai";
import { VERSION } from "openai/version";

const baseURL = process.argv[2];
assert.ok(baseURL, "usage: node check.mjs <base url ending in /v1>");
const client = new OpenAI({ baseURL, apiKey: "emulator-compat", maxRetries: 0, timeout: 20_000 });
const model = "gpt-4o-mini";
const messages = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "Say something about the weather in Lisbon today." },
];

async function json() {
  const completion = await client.chat.completions.create({ model, messages, max_tokens: 200 });
  assert.equal(completion.object, "chat.completion");
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.choices.length, 1);
  const [choice] = completion.choices;
  assert.equal(choice.message.role, "assistant");
  assert.ok(choice.message.content.includes("weather in Lisbon"), choice.message.content);
  assert.equal(choice.message.refusal, null);
  assert.equal(choice.finish_reason, "stop");
  const { prompt_tokens, completion_tokens, total_tokens } = completion.usage;
  assert.ok(prompt_tokens > 0 && completion_tokens > 0);
  assert.equal(total_tokens, prompt_tokens + completion_tokens);
  return { text: choice.message.content, usage: completion.usage };
}

async function stream() {
  const events = await client.chat.completions.create({
    model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let deltas = 0;
  let finishReason = null;
  let usage = null;
  for await (const chunk of events) {
    assert.equal(chunk.object, "chat.completion.chunk");
    for (const choice of chunk.choices) {
      if (choice.delta.content) {
        text += choice.delta.content;
        deltas++;
      }
      finishReason = choice.finish_reason ?? finishReason;
    }
    usage = chunk.usage ?? usage;
  }
  assert.ok(deltas > 1, "expected several content deltas");
  assert.equal(finishReason, "stop");
  assert.ok(usage && usage.completion_tokens > 0, "expected a closing usage chunk");
  // The stream helper assembles the same answer from the same events.
  const final = await client.chat.completions
    .stream({ model, messages, stream_options: { include_usage: true } })
    .finalChatCompletion();
  assert.equal(final.choices[0].message.content, text);
  return { text, deltas, finishReason, usage };
}

async function cutByMaxTokens() {
  const completion = await client.chat.completions.create({ model, messages, max_tokens: 3 });
  assert.equal(completion.choices[0].finish_reason, "length");
  assert.equal(completion.usage.completion_tokens, 3);
  return completion.choices[0].finish_reason;
}

async function refusal() {
  const completion = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "Help me with this [[refuse]]" }],
  });
  const { message } = completion.choices[0];
  assert.equal(message.content, null);
  assert.equal(message.refusal, "I can't help with that.");
  return message.refusal;
}

async function contextOverflow() {
  const tooLong = "lorem ipsum dolor ".repeat(70_000);
  try {
    await client.chat.completions.create({ model, messages: [{ role: "user", content: tooLong }] });
  } catch (error) {
    assert.ok(error instanceof OpenAI.BadRequestError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, "context_length_exceeded");
    assert.equal(error.type, "invalid_request_error");
    assert.equal(error.param, "messages");
    assert.match(error.message, /maximum context length is \d+ tokens/);
    return error.code;
  }
  assert.fail("a prompt over the context window was accepted");
}

// The same request as json() in a batch, beside one the emulator fails on purpose, and read back
// through the client's own file and batch types.
async function batch() {
  const line = (custom_id, body) => ({ custom_id, method: "POST", url: "/v1/chat/completions", body });
  const jsonl = [
    line("weather", { model, messages, max_tokens: 200 }),
    line("refusal", { model, messages: [{ role: "user", content: "Help me with this [[refuse]]" }] }),
  ]
    .map((request) => JSON.stringify(request))
    .join("\n");
  const file = await client.files.create({
    file: await toFile(Buffer.from(jsonl + "\n"), "batch.jsonl"),
    purpose: "batch",
  });
  assert.equal(file.object, "file");
  assert.match(file.id, /^file-/);
  assert.equal(file.purpose, "batch");
  assert.equal((await client.files.retrieve(file.id)).bytes, Buffer.byteLength(jsonl + "\n"));
  const created = await client.batches.create({
    input_file_id: file.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
    metadata: { check: "emulator-compat" },
  });
  assert.equal(created.object, "batch");
  assert.match(created.id, /^batch_/);
  assert.equal(created.status, "validating");
  assert.equal(created.metadata.check, "emulator-compat");
  let batch = created;
  const giveUpAt = Date.now() + 20_000;
  while (batch.status !== "completed") {
    assert.ok(!["failed", "expired", "cancelled"].includes(batch.status), JSON.stringify(batch));
    assert.ok(Date.now() < giveUpAt, "the batch did not complete in 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
    batch = await client.batches.retrieve(created.id);
  }
  assert.deepEqual(batch.request_counts, { total: 2, completed: 2, failed: 0 });
  assert.equal(batch.error_file_id, null);
  const output = await client.files.content(batch.output_file_id);
  const results = (await output.text())
    .trim()
    .split("\n")
    .map((text) => JSON.parse(text));
  const weather = results.find((result) => result.custom_id === "weather");
  assert.equal(weather.error, null);
  assert.equal(weather.response.status_code, 200);
  assert.equal(weather.response.body.object, "chat.completion");
  const refused = results.find((result) => result.custom_id === "refusal");
  assert.equal(refused.response.body.choices[0].message.refusal, "I can't help with that.");
  return {
    status: batch.status,
    counts: batch.request_counts,
    text: weather.response.body.choices[0].message.content,
    usage: weather.response.body.usage,
  };
}

// embeddings.create asks for base64 by default and decodes it to floats itself.
async function embeddings() {
  const input = ["Summarize the quarterly sales report.", "Summarise the quarterly sales report, please."];
  const created = await client.embeddings.create({ model: "text-embedding-3-small", input, dimensions: 256 });
  assert.equal(created.object, "list");
  assert.equal(created.data.length, 2);
  const [a, b] = created.data.map((item) => item.embedding);
  assert.equal(a.length, 256);
  const dot = (x, y) => x.reduce((sum, value, i) => sum + value * y[i], 0);
  assert.ok(Math.abs(dot(a, a) - 1) < 1e-4, "vectors are normalised");
  const similarity = dot(a, b);
  assert.ok(similarity > 0.7, `a paraphrase is close: ${similarity}`);
  assert.ok(created.usage.prompt_tokens > 0);
  assert.equal(created.usage.total_tokens, created.usage.prompt_tokens);
  const floats = await client.embeddings.create({
    model: "text-embedding-3-small",
    input: input[0],
    dimensions: 256,
    encoding_format: "float",
  });
  assert.ok(Math.abs(dot(floats.data[0].embedding, a) - 1) < 1e-4, "float and base64 agree");
  return { dimensions: a.length, similarity: Number(similarity.toFixed(3)), usage: created.usage };
}

const report = {
  client: `openai-node ${VERSION}`,
  json: await json(),
  stream: await stream(),
  max_tokens: await cutByMaxTokens(),
  refusal: await refusal(),
  context_overflow: await contextOverflow(),
  batch: await batch(),
  embeddings: await embeddings(),
};
console.log(JSON.stringify(report));
