// The Gantt module: the WBS tree beside an SVG/DOM timeline. Only the rows in view are in the DOM, so 10,000 tasks
// scroll smoothly. Bars move (drag or arrow keys + Enter), resize (right edge), and link (end handle onto a bar).
import { api, ApiError } from './api.js';
import { h, clear, toDay, fromDay, todayDay, shortDate, monthLabel, weekday } from './util.js';

const ROW = 30;
const DAY = 24;
const OVERSCAN = 8;
const MODES = ['AUTO_BASIC', 'AUTO_BOTTOM_UP', 'AUTO_TOP_DOWN', 'MANUAL', 'LOCKED'];
const MODE_LABELS = { AUTO_BASIC: 'Auto', AUTO_BOTTOM_UP: 'Bottom-up', AUTO_TOP_DOWN: 'Top-down', MANUAL: 'Manual', LOCKED: 'Locked' };
const SVG = 'http://www.w3.org/2000/svg';

export class Gantt {
  constructor(host, ctx) {
    this.ctx = ctx;
    this.collapsed = new Set();
    this.rendered = new Map(); // row key -> {sig, left, right}
    this.pending = new Map(); // taskId -> {start, end} being edited with the keyboard
    this.dragging = null;
    this.wbsHead = h('div.g-wbs-head', {}, h('span', {}, 'Work breakdown'), h('span.muted', {}, 'Mode'));
    this.timeHead = h('div.g-time-head', { 'aria-hidden': 'true' });
    this.wbsBody = h('div.g-wbs-body', { role: 'tree', 'aria-label': 'Work breakdown structure' });
    this.timeBody = h('div.g-time-body', { tabindex: '-1' });
    this.wbsSpacer = h('div.g-spacer');
    this.timeSpacer = h('div.g-spacer');
    this.links = document.createElementNS(SVG, 'svg');
    this.links.classList.add('g-links');
    this.links.setAttribute('aria-hidden', 'true');
    this.wbsBody.append(this.wbsSpacer);
    this.timeBody.append(this.timeSpacer, this.links);
    this.root = h('div.gantt#gantt', {}, this.wbsHead, this.timeHead, this.wbsBody, this.timeBody);
    clear(host, h('p.hint.muted', {}, 'Drag a bar to move it, its right edge to resize, its round end handle onto another bar to link. ',
      'Keyboard: focus a bar, ←/→ move a day (Shift: resize), Enter saves, Esc cancels.'), this.root);
    this.timeBody.addEventListener('scroll', () => {
      this.wbsBody.scrollTop = this.timeBody.scrollTop;
      this.timeHead.scrollLeft = this.timeBody.scrollLeft;
      this.schedule();
    });
    this.wbsBody.addEventListener('wheel', (e) => { this.timeBody.scrollTop += e.deltaY; e.preventDefault(); }, { passive: false });
    this.wbsBody.addEventListener('scroll', () => {
      if (Math.abs(this.wbsBody.scrollTop - this.timeBody.scrollTop) > 1) this.timeBody.scrollTop = this.wbsBody.scrollTop;
    });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.timeBody);
  }

  dispose() { this.resizeObserver.disconnect(); }

  busy() { return this.dragging !== null || this.pending.size > 0; }

  update(contents) {
    const first = !this.tasks;
    this.contents = contents;
    this.tasks = new Map(contents.tasks.map(t => [t.id, t]));
    this.buildTree();
    this.computeRange(first);
    // scroll before drawing: undated rows place their 'No dates' label at the scroll position they are drawn at
    if (first) this.scrollToFirstBar();
    this.schedule(true);
    if (first) this.markDrawn();
  }

  // For benchmarks and tests: the first rows are in the DOM now and painted at the next frame.
  markDrawn() {
    requestAnimationFrame(() => {
      performance.mark('boxsync:gantt-drawn');
      this.root.dataset.drawnRows = String(this.rendered.size);
    });
  }

  buildTree() {
    const nodes = this.contents.wbs;
    this.children = new Map();
    const ids = new Set(nodes.map(n => n.nodeId));
    for (const n of nodes) {
      const parent = n.parentId && ids.has(n.parentId) ? n.parentId : '';
      if (!this.children.has(parent)) this.children.set(parent, []);
      this.children.get(parent).push(n);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.position - b.position);
    const placed = new Set(nodes.filter(n => n.taskId).map(n => n.taskId));
    for (const t of this.contents.tasks) {
      if (!placed.has(t.id)) {
        if (!this.children.has('')) this.children.set('', []);
        this.children.get('').push({ nodeId: `t${t.id}`, parentId: null, position: 1e9, taskId: t.id, label: t.summary });
      }
    }
    this.spans = new Map();
    const span = (node) => {
      let lo = Infinity;
      let hi = -Infinity;
      const task = node.taskId ? this.tasks.get(node.taskId) : null;
      if (task?.start && task?.end) { lo = toDay(task.start); hi = toDay(task.end); }
      for (const child of this.children.get(node.nodeId) || []) {
        const [a, b] = span(child);
        lo = Math.min(lo, a); hi = Math.max(hi, b);
      }
      this.spans.set(node.nodeId, [lo, hi]);
      return [lo, hi];
    };
    (this.children.get('') || []).forEach(span);
    this.rows = [];
    const walk = (parent, depth) => {
      for (const node of this.children.get(parent) || []) {
        const kids = this.children.has(node.nodeId);
        this.rows.push({ node, depth, kids });
        if (kids && !this.collapsed.has(node.nodeId)) walk(node.nodeId, depth + 1);
      }
    };
    walk('', 0);
    this.rowOfTask = new Map();
    this.rows.forEach((r, i) => { if (r.node.taskId) this.rowOfTask.set(r.node.taskId, i); });
  }

  computeRange(first) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of this.contents.tasks) {
      if (t.start) lo = Math.min(lo, toDay(t.start));
      if (t.end) hi = Math.max(hi, toDay(t.end));
    }
    const today = todayDay();
    if (lo === Infinity) { lo = today; hi = today + 60; }
    lo -= 14; hi += 42;
    lo -= weekday(lo);
    if (!first && this.origin !== undefined) { lo = Math.min(lo, this.origin); hi = Math.max(hi, this.origin + this.days); }
    const changed = lo !== this.origin || hi - lo !== this.days;
    this.origin = lo;
    this.days = hi - lo;
    const width = this.days * DAY;
    const height = Math.max(this.rows.length * ROW, 1);
    this.wbsSpacer.style.height = `${height}px`;
    this.timeSpacer.style.height = `${height}px`;
    this.timeSpacer.style.width = `${width}px`;
    this.links.setAttribute('width', width);
    this.links.setAttribute('height', height);
    if (changed) {
      this.renderHeader(width);
      this.rendered.forEach(r => { r.left.remove(); r.right.remove(); });
      this.rendered.clear();
    }
  }

  renderHeader(width) {
    const months = h('div.g-months');
    const days = h('div.g-days');
    for (let d = 0; d < this.days; d++) {
      const day = this.origin + d;
      const date = fromDay(day);
      if (d === 0 || date.endsWith('-01')) months.append(h('span', { style: { left: `${d * DAY}px` } }, monthLabel(day)));
      if (weekday(day) === 0) days.append(h('span', { style: { left: `${d * DAY}px` } }, shortDate(day)));
    }
    const today = todayDay() - this.origin;
    clear(this.timeHead, h('div.g-head-inner', { style: { width: `${width}px` } }, months, days));
    this.timeSpacer.replaceChildren();
    this.timeSpacer.style.backgroundSize = `${7 * DAY}px 100%`;
    this.timeSpacer.style.backgroundPositionX = '0px';
    if (today >= 0 && today < this.days) this.timeSpacer.append(h('div.g-today', { style: { left: `${today * DAY + DAY / 2}px` }, title: 'Today' }));
  }

  scrollToFirstBar() {
    let lo = Infinity;
    for (const t of this.contents.tasks) if (t.start) lo = Math.min(lo, toDay(t.start));
    if (lo !== Infinity) this.timeBody.scrollLeft = Math.max(0, (lo - this.origin - 7) * DAY);
  }

  schedule(now = false) {
    if (now) { this.render(); return; }
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render() {
    if (!this.rows) return;
    const top = this.timeBody.scrollTop;
    const height = this.timeBody.clientHeight || 600;
    const from = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const to = Math.min(this.rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    const wanted = new Set();
    for (let i = from; i < to; i++) {
      const row = this.rows[i];
      const key = row.node.nodeId;
      wanted.add(key);
      const sig = this.signature(row, i);
      const existing = this.rendered.get(key);
      if (existing && existing.sig === sig) continue;
      if (existing && this.dragging?.key === key) continue;
      const left = this.wbsRow(row, i);
      const right = this.timeRow(row, i);
      if (existing) {
        const hadFocus = existing.right.contains(document.activeElement) ? '.bar' : existing.left.contains(document.activeElement) ? 'select' : null;
        existing.left.replaceWith(left);
        existing.right.replaceWith(right);
        if (hadFocus) (hadFocus === '.bar' ? right : left).querySelector(hadFocus)?.focus();
      } else {
        this.wbsBody.append(left);
        this.timeBody.append(right);
      }
      this.rendered.set(key, { sig, left, right });
    }
    for (const [key, r] of this.rendered) {
      if (!wanted.has(key) && !r.right.contains(document.activeElement)) {
        r.left.remove(); r.right.remove(); this.rendered.delete(key);
      }
    }
    this.drawLinks(from, to);
  }

  signature(row, i) {
    const t = row.node.taskId ? this.tasks.get(row.node.taskId) : null;
    const span = this.spans.get(row.node.nodeId);
    const p = t ? this.pending.get(t.id) : null;
    return `${i}|${row.depth}|${this.collapsed.has(row.node.nodeId)}|${row.node.label}|${span}|${t ? `${t.key}|${t.summary}|${t.start}|${t.end}|${t.mode}|${t.status}|${t.assigneeName}` : ''}|${p ? `${p.start}-${p.end}` : ''}`;
  }

  wbsRow(row, i) {
    const n = row.node;
    const t = n.taskId ? this.tasks.get(n.taskId) : null;
    const el = h('div.g-row.wbs', { role: 'treeitem', 'aria-level': row.depth + 1, 'aria-expanded': row.kids ? String(!this.collapsed.has(n.nodeId)) : null,
      dataset: { node: n.nodeId, taskId: t?.id ?? '' }, style: { top: `${i * ROW}px` } });
    const indent = h('span.indent', { style: { width: `${row.depth * 16}px` } });
    const toggle = row.kids
      ? h('button.toggle', { type: 'button', 'aria-label': `${this.collapsed.has(n.nodeId) ? 'Expand' : 'Collapse'} ${n.label}`,
        onclick: () => { this.collapsed.has(n.nodeId) ? this.collapsed.delete(n.nodeId) : this.collapsed.add(n.nodeId); this.update(this.contents); } },
      this.collapsed.has(n.nodeId) ? '▸' : '▾')
      : h('span.toggle-space');
    if (!t) {
      el.classList.add('group');
      el.append(indent, toggle, h('span.label', { title: n.label }, h('span.group-kind', {}, (n.groupKind || '').toLowerCase()), n.label));
      return el;
    }
    // rows are created on every scroll step: clone one select instead of building five options each time
    if (!this.modeTemplate) this.modeTemplate = h('select.mode', {}, MODES.map(m => h('option', { value: m }, MODE_LABELS[m])));
    const mode = this.modeTemplate.cloneNode(true);
    mode.value = t.mode;
    mode.setAttribute('aria-label', `Task mode of ${t.key || t.summary}`);
    mode.disabled = this.ctx.box.role === 'VIEWER' && !this.ctx.me.admin;
    mode.addEventListener('change', () => this.setMode(t, mode.value, mode));
    el.append(indent, toggle,
      h('span.label', { title: `${t.key || ''} ${t.summary}` },
        t.key ? h('a.key', { href: `#/issues/${t.connectionId}/${encodeURIComponent(t.key)}` }, t.key) : null,
        h('span.summary', {}, t.summary)),
      mode);
    return el;
  }

  timeRow(row, i) {
    const n = row.node;
    const el = h('div.g-row.time', { style: { top: `${i * ROW}px`, width: `${this.days * DAY}px` }, dataset: { node: n.nodeId } });
    const t = n.taskId ? this.tasks.get(n.taskId) : null;
    if (!t) {
      const [lo, hi] = this.spans.get(n.nodeId) || [Infinity, -Infinity];
      if (lo !== Infinity) {
        el.append(h('div.summary-bar', { style: { left: `${(lo - this.origin) * DAY}px`, width: `${(hi - lo + 1) * DAY}px` }, title: `${n.label}: ${fromDay(lo)} → ${fromDay(hi)}` }));
      }
      return el;
    }
    const p = this.pending.get(t.id);
    const start = p ? p.start : toDay(t.start);
    const end = p ? p.end : toDay(t.end);
    if (start === null || end === null) {
      const [lo, hi] = this.spans.get(n.nodeId) || [Infinity, -Infinity];
      if (lo !== Infinity) {
        el.append(h('div.summary-bar', { style: { left: `${(lo - this.origin) * DAY}px`, width: `${(hi - lo + 1) * DAY}px` }, title: `${t.key || ''} ${t.summary}: no own dates; its children span ${fromDay(lo)} → ${fromDay(hi)}` }));
      } else {
        el.append(h('span.undated.muted', { style: { left: `${this.timeBody.scrollLeft + 8}px` } }, 'No dates'));
      }
      return el;
    }
    const bar = h('div.bar', {
      tabindex: '0', role: 'button',
      'aria-label': `${t.key || ''} ${t.summary}, ${fromDay(start)} to ${fromDay(end)}. Arrow keys move, Shift+arrows resize, Enter saves.`,
      title: `${t.key || ''} ${t.summary}\n${fromDay(start)} → ${fromDay(end)}${t.assigneeName ? `\n${t.assigneeName}` : ''}`,
      dataset: { taskId: t.id, key: t.key || '', start: fromDay(start), end: fromDay(end) },
      style: { left: `${(start - this.origin) * DAY}px`, width: `${(end - start + 1) * DAY}px` },
    }, h('span.bar-label', {}, t.key ? `${t.key} ${t.summary}` : t.summary), h('span.resize', { 'aria-hidden': 'true' }), h('span.link-handle', { 'aria-hidden': 'true', title: 'Drag onto another bar to link' }));
    bar.classList.add(`s-${(t.statusCategory || 'TO_DO').toLowerCase()}`);
    if (t.mode === 'LOCKED') bar.classList.add('locked');
    if (p) bar.classList.add('editing');
    bar.addEventListener('pointerdown', (e) => this.pointerDown(e, t, bar, n.nodeId));
    bar.addEventListener('keydown', (e) => this.keyDown(e, t));
    el.append(bar);
    return el;
  }

  drawLinks(from, to) {
    const paths = [];
    for (const d of this.contents.dependencies) {
      const a = this.rowOfTask.get(d.from);
      const b = this.rowOfTask.get(d.to);
      if (a === undefined || b === undefined) continue;
      if ((a < from && b < from) || (a >= to && b >= to)) continue;
      const ta = this.tasks.get(d.from);
      const tb = this.tasks.get(d.to);
      if (!ta?.end || !tb?.start) continue;
      const x1 = (toDay(d.type === 'SS' || d.type === 'SF' ? ta.start : ta.end) - this.origin + (d.type === 'SS' || d.type === 'SF' ? 0 : 1)) * DAY;
      const x2 = (toDay(d.type === 'FF' || d.type === 'SF' ? tb.end : tb.start) - this.origin + (d.type === 'FF' || d.type === 'SF' ? 1 : 0)) * DAY;
      const y1 = a * ROW + ROW / 2;
      const y2 = b * ROW + ROW / 2;
      const path = document.createElementNS(SVG, 'path');
      const down = y2 > y1 ? 1 : -1;
      path.setAttribute('d', x2 - x1 >= 16
        ? `M${x1} ${y1} H${x1 + 8} V${y2} H${x2 - 2}`
        : `M${x1} ${y1} H${x1 + 8} V${y1 + down * ROW / 2} H${x2 - 10} V${y2} H${x2 - 2}`);
      path.setAttribute('marker-end', 'url(#arrow)');
      path.dataset.dependency = d.id;
      path.classList.add('dep');
      if (!d.strong) path.classList.add('weak');
      paths.push(path);
    }
    if (!this.defs) {
      this.defs = document.createElementNS(SVG, 'defs');
      this.defs.innerHTML = '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="#6b7280"/></marker>';
    }
    this.links.replaceChildren(this.defs, ...paths);
    if (this.linkPreview) this.links.append(this.linkPreview);
  }

  // ---- moving and resizing ----

  pointerDown(event, task, bar, key) {
    if (event.button !== 0) return;
    event.preventDefault();
    bar.focus({ preventScroll: true });
    const linking = event.target.classList.contains('link-handle');
    const resizing = event.target.classList.contains('resize');
    const start = toDay(task.start);
    const end = toDay(task.end);
    this.dragging = { key, task, bar, start, end, x: event.clientX, y: event.clientY, mode: linking ? 'link' : resizing ? 'resize' : 'move', moved: false };
    bar.setPointerCapture(event.pointerId);
    const move = (e) => this.pointerMove(e);
    const up = (e) => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
      bar.removeEventListener('pointercancel', up);
      this.pointerUp(e);
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
    bar.addEventListener('pointercancel', up);
  }

  pointerMove(e) {
    const d = this.dragging;
    if (!d) return;
    const dx = e.clientX - d.x;
    if (Math.abs(dx) > 2 || Math.abs(e.clientY - d.y) > 2) d.moved = true;
    if (d.mode === 'link') {
      const box = this.timeBody.getBoundingClientRect();
      const row = this.rowOfTask.get(d.task.id);
      const x1 = (d.end - this.origin + 1) * DAY;
      const y1 = row * ROW + ROW / 2;
      const x2 = e.clientX - box.left + this.timeBody.scrollLeft;
      const y2 = e.clientY - box.top + this.timeBody.scrollTop;
      if (!this.linkPreview) {
        this.linkPreview = document.createElementNS(SVG, 'path');
        this.linkPreview.classList.add('dep', 'preview');
        this.links.append(this.linkPreview);
      }
      this.linkPreview.setAttribute('d', `M${x1} ${y1} L${x2} ${y2}`);
      this.timeBody.querySelectorAll('.bar.drop-target').forEach(b => b.classList.remove('drop-target'));
      this.barAt(e.clientX, e.clientY, d.bar)?.classList.add('drop-target');
      return;
    }
    const days = Math.round(dx / DAY);
    const start = d.mode === 'move' ? d.start + days : d.start;
    const end = Math.max(start, d.end + days);
    d.newStart = start;
    d.newEnd = end;
    d.bar.style.left = `${(start - this.origin) * DAY}px`;
    d.bar.style.width = `${(end - start + 1) * DAY}px`;
    d.bar.classList.add('dragging');
    d.bar.dataset.start = fromDay(start);
    d.bar.dataset.end = fromDay(end);
  }

  barAt(x, y, except) {
    const el = document.elementFromPoint(x, y)?.closest?.('.bar');
    return el && el !== except ? el : null;
  }

  async pointerUp(e) {
    const d = this.dragging;
    if (!d) return;
    if (d.mode === 'link') {
      this.linkPreview?.remove();
      this.linkPreview = null;
      this.timeBody.querySelectorAll('.bar.drop-target').forEach(b => b.classList.remove('drop-target'));
      const target = this.barAt(e.clientX, e.clientY, d.bar);
      this.dragging = null;
      if (target) await this.link(d.task, this.tasks.get(Number(target.dataset.taskId)));
      return;
    }
    if (!d.moved || d.newStart === undefined || (d.newStart === d.start && d.newEnd === d.end)) {
      this.dragging = null;
      this.putBack(d);
      return;
    }
    await this.saveDates(d.task, d.newStart, d.newEnd, () => this.putBack(d));
    this.dragging = null;
    this.schedule(true);
  }

  putBack(d) {
    d.bar.classList.remove('dragging');
    d.bar.style.left = `${(d.start - this.origin) * DAY}px`;
    d.bar.style.width = `${(d.end - d.start + 1) * DAY}px`;
    d.bar.dataset.start = fromDay(d.start);
    d.bar.dataset.end = fromDay(d.end);
  }

  async saveDates(task, start, end, revert) {
    this.ctx.hideAlert();
    this.ctx.announce(`Saving ${task.key || task.summary}…`);
    try {
      const { data } = await api.post(`/api/boxes/${this.ctx.boxId}/tasks/${task.id}/dates`, { start: fromDay(start), end: fromDay(end) });
      this.applyTasks([data.task, ...(data.cascade || [])]);
      this.ctx.announce(`${task.key || task.summary} moved to ${fromDay(start)} → ${fromDay(end)}${data.cascade?.length ? `; ${data.cascade.length} dependent tasks moved` : ''}`);
      return true;
    } catch (e) {
      revert();
      this.ctx.showAlert(`${task.key || task.summary} was not moved: ${e instanceof ApiError ? e.detail : e.message}`);
      this.ctx.announce('Move refused; the bar is back in place');
      return false;
    }
  }

  applyTasks(list) {
    for (const t of list) {
      if (!t) continue;
      this.tasks.set(t.id, t);
      const i = this.contents.tasks.findIndex(x => x.id === t.id);
      if (i >= 0) this.contents.tasks[i] = t;
    }
    this.buildTree();
    this.schedule(true);
  }

  keyDown(e, task) {
    if (!['ArrowLeft', 'ArrowRight', 'Enter', 'Escape'].includes(e.key)) return;
    e.preventDefault();
    e.stopPropagation();
    const current = this.pending.get(task.id) || { start: toDay(task.start), end: toDay(task.end) };
    if (e.key === 'Escape') {
      this.pending.delete(task.id);
      this.ctx.announce('Move cancelled');
      this.schedule(true);
      return;
    }
    if (e.key === 'Enter') {
      if (!this.pending.has(task.id)) return;
      const { start, end } = current;
      this.saveDates(task, start, end, () => {}).finally(() => { this.pending.delete(task.id); this.schedule(true); });
      return;
    }
    const step = e.key === 'ArrowLeft' ? -1 : 1;
    const next = e.shiftKey ? { start: current.start, end: Math.max(current.start, current.end + step) }
      : { start: current.start + step, end: current.end + step };
    this.pending.set(task.id, next);
    this.ctx.announce(`${task.key || ''} ${fromDay(next.start)} to ${fromDay(next.end)}, Enter to save`);
    this.schedule(true);
  }

  async setMode(task, mode, select) {
    this.ctx.hideAlert();
    try {
      const { data } = await api.put(`/api/boxes/${this.ctx.boxId}/tasks/${task.id}/mode`, { mode });
      this.applyTasks([data.task]);
      this.ctx.announce(`${task.key || task.summary} is now ${MODE_LABELS[mode]}`);
    } catch (e) {
      select.value = task.mode;
      this.ctx.showAlert(`Mode not changed: ${e.detail || e.message}`);
    }
  }

  async link(from, to) {
    if (!from || !to) return;
    this.ctx.hideAlert();
    try {
      const { data } = await api.post(`/api/boxes/${this.ctx.boxId}/dependencies`, { from: from.id, to: to.id, type: 'FS' });
      if (data && !this.contents.dependencies.some(d => d.id === data.id)) this.contents.dependencies.push(data);
      this.ctx.announce(`${from.key || from.summary} now blocks ${to.key || to.summary}`);
      this.schedule(true);
    } catch (e) {
      this.ctx.showAlert(`Link not created: ${e.detail || e.message}`);
    }
  }
}
