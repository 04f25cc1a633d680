// Runs the form's query with fetch and shows the answer; without JavaScript the form posts to /query.
"use strict";

function text(tag, value, className) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (className) node.className = className;
  return node;
}

function show(answer, json) {
  if ("boolean" in json) {
    answer.append(text("p", json.boolean ? "true" : "false"));
    return;
  }
  const names = json.head.vars || [];
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of names) head.append(text("th", name));
  const body = table.createTBody();
  for (const binding of json.results.bindings) {
    const row = body.insertRow();
    for (const name of names) row.append(text("td", binding[name] ? binding[name].value : ""));
  }
  const count = json.results.bindings.length;
  answer.append(text("p", count + (count === 1 ? " row" : " rows")));
  if (json.actorgraph && json.actorgraph.truncated) {
    answer.append(text("p", "The answer was cut at " + json.actorgraph.max_rows + " rows.", "note"));
  }
  answer.append(table);
}

async function run(event) {
  event.preventDefault();
  const form = event.target;
  const format = form.elements.format.value;
  const answer = document.getElementById("answer");
  const status = document.getElementById("status");
  answer.replaceChildren();
  status.textContent = "running…";
  const accept = format === "table" ? "application/sparql-results+json" : format;
  const started = performance.now();
  try {
    const response = await fetch("query", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
      body: new URLSearchParams({ query: form.elements.query.value }),
    });
    const body = await response.text();
    status.textContent = response.status + " in " + Math.round(performance.now() - started) + " ms";
    if (!response.ok) {
      answer.append(text("p", body, "error"));
    } else if (format === "table" && (response.headers.get("Content-Type") || "").includes("json")) {
      show(answer, JSON.parse(body));
    } else {
      answer.append(text("pre", body));
    }
  } catch (error) {
    status.textContent = "";
    answer.append(text("p", String(error), "error"));
  }
}

document.getElementById("form").addEventListener("submit", run);
