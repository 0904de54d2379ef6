// The workspace pages' small enhancement: actions go to the JSON API with the
// session's CSRF token; user text is only ever set as textContent, never HTML
// (the one HTML set here is the server's redline preview, escaped by it).
"use strict";
(function () {
  const csrf = document.body.dataset.csrf;
  const labels = JSON.parse(document.body.dataset.decisions || "{}");
  const W = JSON.parse(document.body.dataset.words || "{}");     // i18n.SCRIPT_WORDS, in the page's language

  async function call(method, url, body) {
    const options = {method, headers: {"X-CSRF-Token": csrf}, credentials: "same-origin"};
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const answer = await fetch(url, options);
    let data = null;
    try { data = await answer.json(); } catch (e) { data = null; }
    return {status: answer.status, ok: answer.ok, data};
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function showProblems(box, data) {
    box.replaceChildren();
    if (!data) return;
    const list = data.problems ? data.problems.map(p => (typeof p === "string" ? p : p.text)) : [data.error];
    for (const text of list) box.appendChild(el("p", text, "problem"));
  }

  // ------------------------------------------------------------ dossier page
  const page = document.querySelector(".dossier");
  const dossier = page && page.dataset.dossier;
  const api = dossier && `/api/dossiers/${dossier}`;

  function describe(edit) {
    if ("replace" in edit) return `${W.replace} “${edit.replace}” → “${edit.with}”`;
    if ("delete" in edit) return `${W.delete} “${edit.delete}”`;
    if ("insert" in edit) return `${W.insert} “${edit.insert}” ${edit.before !== undefined ? W.before : W.after} “${edit.before ?? edit.after}”`;
    if ("text" in edit) return `${W.text}: “${edit.text}”`;
    if ("add" in edit) return `${W.add} ${edit.after_section ?? edit.before_section}: “${edit.add}”`;
    if ("remove_section" in edit) return `${W.remove_section} ${edit.remove_section}`;
    return JSON.stringify(edit);
  }

  function renderEdits(card) {
    const list = card.querySelector(".edits");
    if (!list) return;
    list.replaceChildren();
    card.edits.forEach((edit, i) => {
      const item = el("li", describe(edit));
      const drop = el("button", W.remove, "drop-edit");
      drop.type = "button";
      drop.setAttribute("aria-label", `${W.remove}: ${describe(edit)}`);
      drop.addEventListener("click", () => { card.edits.splice(i, 1); renderEdits(card); });
      item.appendChild(drop);
      list.appendChild(item);
    });
  }

  function sectionsOf(card) {
    const found = new Set();
    if (card.dataset.section) found.add(card.dataset.section);
    const home = card.closest(".sec");
    if (home && home.dataset.section) found.add(home.dataset.section);
    for (const edit of card.edits) {
      for (const key of ["section", "after_section", "before_section", "remove_section"]) {
        if (typeof edit[key] === "string") found.add(edit[key]);
      }
    }
    return found;
  }

  async function refreshPreview(sectionId) {
    const sec = document.querySelector(`.sec[data-section="${CSS.escape(sectionId)}"]`);
    if (!sec) return;
    const answer = await call("GET", `${api}/sections/${encodeURIComponent(sectionId)}/preview`);
    const box = sec.querySelector(".redline");
    if (!answer.ok) { showProblems(sec.querySelector(".sec-problems"), answer.data); return; }
    box.querySelector(".redline-html").innerHTML = answer.data.html;      // the server's escaped redline HTML
    box.hidden = !answer.data.changes.length;
    const mine = answer.data.problems;
    showProblems(sec.querySelector(".sec-problems"), {problems: mine});
    // each problem also beside the comment it names
    for (const card of sec.querySelectorAll(".comment")) {
      const box2 = card.querySelector(".problems");
      if (box2) showProblems(box2, {problems: mine.filter(p => p.comment === card.dataset.id)});
    }
  }

  function fill(card, data) {
    card.dataset.version = data.version;
    card.dataset.decision = data.decision;
    card.edits = data.edits || [];
    const form = card.querySelector("form.decide");
    form.decision.value = data.decision;
    form.response.value = data.response || "";
    const badge = card.querySelector(".badge");
    badge.className = `badge ${data.decision}`;
    badge.textContent = form.decision.selectedOptions[0].textContent;
    renderEdits(card);
  }

  async function save(card, version) {
    const form = card.querySelector("form.decide");
    const status = card.querySelector(".status");
    const problems = card.querySelector(".problems");
    status.textContent = W.saving;
    const body = {version: Number(version ?? card.dataset.version), decision: form.decision.value,
                  response: form.response.value, edits: card.edits};
    const answer = await call("PUT", `${api}/comments/${card.dataset.key}`, body);
    if (answer.status === 409) {
      const conflict = conflictBox(card);
      status.textContent = "";
      card.theirs = answer.data.current;
      const theirs = conflict.querySelector(".theirs");
      theirs.replaceChildren(el("p", `${labels[answer.data.current.decision]}: ${answer.data.current.response || ""}`, "their-response"));
      for (const edit of answer.data.current.edits || []) theirs.appendChild(el("p", describe(edit)));
      conflict.hidden = false;
      return;
    }
    if (!answer.ok) { status.textContent = W.failed; showProblems(problems, answer.data); return; }
    const conflict = card.querySelector(".conflict");
    if (conflict) conflict.hidden = true;
    showProblems(problems, null);
    const before = sectionsOf(card);
    fill(card, answer.data);
    status.textContent = W.saved;
    for (const s of new Set([...before, ...sectionsOf(card)])) await refreshPreview(s);
  }

  function editFor(kind, selection, text, sectionId, first) {
    switch (kind) {
      case "replace": return {replace: selection, with: text, section: sectionId};
      case "delete": return {delete: selection, section: sectionId};
      case "insert_before": return {insert: text, before: selection, section: sectionId};
      case "insert_after": return {insert: text, after: selection, section: sectionId};
      case "rewrite": return {text: text || first, section: sectionId};
      case "add_after": return {add: text, after_section: sectionId};
      case "remove_section": return {remove_section: sectionId};
    }
    return null;
  }

  // The selection inside one section's text: the words chosen there, and its form.
  function selectionIn(sec) {
    const chosen = window.getSelection();
    if (!chosen || chosen.isCollapsed || !chosen.rangeCount) return "";
    const text = sec.querySelector(".text");
    const range = chosen.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return "";
    return chosen.toString().replace(/\s+/g, " ").trim();
  }

  // The one edit form (editors) or comment form (reviewers), moved into the section being worked on.
  const editform = document.getElementById("editform");
  const commentform = document.getElementById("commentform");

  function moveInto(form, sec) {
    if (form.closest(".sec") !== sec) sec.querySelector(".sec-problems").after(form);
    form.hidden = false;
  }

  function offerComments(sec) {
    const cards = [...sec.querySelectorAll(".comment"), ...document.querySelectorAll("#general .comment")];
    editform.comment.replaceChildren(...cards.map(card => {
      const option = el("option", `#${card.dataset.id} ${card.querySelector(".by").textContent}`);
      option.value = card.dataset.key;
      return option;
    }));
  }

  function conflictBox(card) {
    let box = card.querySelector(".conflict");
    if (box) return box;
    box = document.getElementById("conflict-template").content.firstElementChild.cloneNode(true);
    card.querySelector(".save").before(box);
    box.querySelector(".keep-mine").addEventListener("click", () => save(card, card.theirs.version));
    box.querySelector(".take-theirs").addEventListener("click", () => { fill(card, card.theirs); box.hidden = true; });
    return box;
  }

  if (page) {
    const canDecide = page.dataset.canDecide === "1";
    for (const card of document.querySelectorAll(".comment")) {
      card.edits = JSON.parse(card.dataset.edits || "[]");
      renderEdits(card);
      const form = card.querySelector("form.decide");
      if (form) form.addEventListener("submit", e => { e.preventDefault(); save(card); });
      const join = card.querySelector("button.join");
      if (join) {
        join.addEventListener("click", async () => {   // near-duplicates answered as one row of the table
          const target = join.dataset.target;
          const answer = await call("PUT", `${api}/comments/${card.dataset.key}`,
                                    {version: Number(card.dataset.version), same_as: target});
          if (!answer.ok) { showProblems(card.querySelector(".problems"), answer.data); return; }
          card.dataset.version = answer.data.version;
          join.replaceWith(el("span", `= ${target}`, "group"));
        });
      }
    }
    for (const sec of document.querySelectorAll(".sec[data-section]")) {
      const text = sec.querySelector(".text");
      const take = () => {
        const words = selectionIn(sec);
        if (!words) return;
        if (editform) { moveInto(editform, sec); offerComments(sec); editform.selection.value = words; }
        if (commentform) { moveInto(commentform, sec); commentform.quote.value = words; }
      };
      text.addEventListener("mouseup", take);
      text.addEventListener("keyup", take);
      const open = sec.querySelector(".open-comment");
      if (open) open.addEventListener("click", () => { moveInto(commentform, sec); commentform.text.focus(); });
      if (sec.dataset.hasEdits) refreshPreview(sec.dataset.section);
    }
    if (editform) {
      editform.kind.addEventListener("change", () => {    // a rewrite starts from the paragraph as it stands
      const sec = editform.closest(".sec");
      const first = sec && sec.querySelector(".text p");
      if (editform.kind.value === "rewrite" && !editform.new_text.value && first) editform.new_text.value = first.textContent;
    });
    editform.addEventListener("submit", e => {
        e.preventDefault();
        const sec = editform.closest(".sec");
        const card = document.querySelector(`.comment[data-key="${editform.comment.value}"]`);
        if (!card) return;
        const first = (sec.querySelector(".text p") || {textContent: ""}).textContent;
        card.edits.push(editFor(editform.kind.value, editform.selection.value, editform.new_text.value,
                                sec.dataset.section, first));
        const decision = card.querySelector("form.decide").decision;
        if (!["accepted", "partly-accepted"].includes(decision.value)) decision.value = "accepted";
        renderEdits(card);
        editform.new_text.value = "";
        save(card);
      });
    }
    if (commentform) {
      commentform.addEventListener("submit", async e => {
        e.preventDefault();
        const body = {section: commentform.closest(".sec").dataset.section, text: commentform.text.value};
        if (commentform.quote.value) body.quote = commentform.quote.value;
        const answer = await call("POST", `${api}/comments`, body);
        if (answer.ok) location.reload();
        else showProblems(commentform.querySelector(".problems"), answer.data);
      });
    }
    const invite = document.getElementById("invite");
    if (invite) {
      invite.addEventListener("submit", async e => {
        e.preventDefault();
        const answer = await call("POST", `${api}/members`, {name: invite.member.value, role: invite.role.value});
        if (answer.ok) location.reload();
        else showProblems(invite.querySelector(".problems"), answer.data);
      });
    }
    // j/k: next/previous pending comment; 1–4: the focused comment's decision
    if (canDecide) {
      const order = ["accepted", "partly-accepted", "not-accepted", "noted"];
      document.addEventListener("keydown", e => {
        if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea, select")) return;
        const cards = [...document.querySelectorAll(".comment")];
        const current = document.activeElement && document.activeElement.closest(".comment");
        if (e.key === "j" || e.key === "k") {
          const pending = cards.filter(c => c.dataset.decision === "pending");
          const at = current ? cards.indexOf(current) : -1;
          const next = e.key === "j"
            ? pending.find(c => cards.indexOf(c) > at)
            : pending.reverse().find(c => cards.indexOf(c) < (at < 0 ? cards.length : at));
          if (next) { next.focus(); next.scrollIntoView({block: "center"}); e.preventDefault(); }
        } else if (current && "1234".includes(e.key) && e.key.length === 1) {
          current.querySelector("form.decide").decision.value = order[Number(e.key) - 1];
          e.preventDefault();
        }
      });
    }
  }

  // ------------------------------------------------------------ dossier list, files
  const create = document.getElementById("create-dossier");
  if (create) {
    create.addEventListener("submit", async e => {
      e.preventDefault();
      const answer = await call("POST", "/api/dossiers", new FormData(create));
      if (answer.ok) location.href = `/dossiers/${answer.data.id}`;
      else showProblems(create.querySelector(".problems"), answer.data);
    });
  }

  const upload = document.getElementById("import-form");
  if (upload) {
    upload.addEventListener("submit", e => {
      e.preventDefault();
      const bar = document.getElementById("import-progress");
      const summary = document.getElementById("import-summary");
      const request = new XMLHttpRequest();
      request.open("POST", `/api/dossiers/${upload.dataset.dossier}/imports`);
      request.setRequestHeader("X-CSRF-Token", csrf);
      bar.hidden = false;
      bar.value = 0;
      request.upload.addEventListener("progress", p => { if (p.lengthComputable) bar.value = 100 * p.loaded / p.total; });
      request.addEventListener("load", () => {
        bar.value = 100;
        let data = null;
        try { data = JSON.parse(request.responseText); } catch (err) { data = {error: request.statusText}; }
        summary.replaceChildren();
        if (request.status >= 300) { showProblems(upload.querySelector(".problems"), data); return; }
        showProblems(upload.querySelector(".problems"), null);
        summary.appendChild(el("p", `${W.imported}: ${data.added} ${W.added}`, "import-added"));
        const list = el("ul");
        for (const f of data.files) list.appendChild(el("li", `${f.name} (${f.size} B)`));
        summary.appendChild(list);
        const counts = Object.entries(data.by_decision).map(([k, n]) => `${labels[k] || k}: ${n}`).join(", ");
        summary.appendChild(el("p", counts));
        const back = el("a", W.back);
        back.href = `/dossiers/${upload.dataset.dossier}`;
        summary.appendChild(back);
      });
      request.send(new FormData(upload));
    });
  }

  const exporter = document.getElementById("make-export");
  if (exporter) {
    exporter.addEventListener("click", async () => {
      const box = exporter.parentElement;
      box.querySelector(".status").textContent = W.saving;
      const answer = await call("POST", `/api/dossiers/${exporter.dataset.dossier}/exports`, {lang: document.body.dataset.lang});
      if (answer.ok) location.reload();
      else { box.querySelector(".status").textContent = W.failed; showProblems(box.querySelector(".problems"), answer.data); }
    });
  }

  const printer = document.getElementById("print-table");
  if (printer) printer.addEventListener("click", () => window.print());
})();
