/**
 * Archiving a device into a data block (`POST /datablock/`, `POST /shipping/trip/{slug}/archive/`): the
 * server makes the block, marks the device busy and schedules `ArchiveDeviceDataAction`; without a worker
 * queue the job runs before the answer, as here. The job moves the device's data into the block: the
 * user properties move (system ones are copied), each stream record is cloned as a block stream
 * (`s--0000-0000--<block>-<device>--<var>`) and its data and events move to it, with the data mask, the
 * streams' notes, the device's user notes, locations and generated reports. Then the block is completed
 * and the device goes back to `N1` (or to the state and label `on_complete.device` asks for).
 */

import { ArraySource } from '../points.js';
import type { Env } from '../router.js';
import { blockSlug, deviceSlug, parseStreamSlug, projectSlug, streamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { addNote, INLINE_PID, LOCATIONS, projectSlugOfDevice, streamFor, VAR } from './device-data.js';
import { nowIso } from './shared.js';

/** The next block number of a device (its last block's plus one). */
export function nextBlockNumber(env: Env, device: string): number {
  let last = 0;
  for (const b of env.store.datablocks.values()) {
    const slug = String(b.slug);
    if (`d--0000-${slug.slice(8)}` === device) {
      last = Math.max(last, Number.parseInt(slug.slice(3, 7), 16));
    }
  }
  return last + 1;
}

function nextBlockId(env: Env): number {
  let max = 0;
  for (const b of env.store.datablocks.values()) {
    const id = typeof b.id === 'number' ? b.id : Number.parseInt(String(b.slug).slice(-4), 16);
    max = Math.max(max, Number.isFinite(id) ? id : 0);
  }
  return max + 1;
}

/** Makes the block of `device` (not yet archived: `completed_on` null). */
export function createBlock(
  env: Env,
  device: Obj,
  fields: { title: string; description: string; org: string | null; createdBy: string },
): Obj {
  const number = nextBlockNumber(env, String(device.slug));
  const slug = blockSlug(`b--${number.toString(16).padStart(4, '0')}-${String(device.slug).slice(8)}`);
  const block: Obj = {
    id: nextBlockId(env),
    slug,
    title: fields.title,
    description: fields.description,
    block: number,
    org: fields.org,
    sg: null,
    device: device.slug,
    created_on: nowIso(env),
    created_by: fields.createdBy,
    completed_on: null,
  };
  env.store.datablocks.set(slug, block);
  return block;
}

/** Runs the archive job of `block` (see the file comment); returns the job id. */
export function archiveDevice(env: Env, block: Obj, device: Obj, onComplete: unknown): string {
  const s = env.store;
  const blockSlugText = String(block.slug);
  const deviceSlugText = String(device.slug);
  block.sg = device.sg ?? null;
  // Properties: user ones move, system ones are copied.
  for (const p of [...s.properties.values()]) {
    if (p.target !== deviceSlugText) {
      continue;
    }
    if (p.is_system === true) {
      const id = s.nextId('property');
      s.properties.set(id, { ...p, id, target: blockSlugText });
    } else {
      p.target = blockSlugText;
    }
  }
  // Streams of the device in its project: cloned into the block, with their data, events and notes.
  const project = projectSlugOfDevice(env, device);
  const blockDevice = `d--${blockSlugText.slice(3)}`;
  const moved = new Map<string, string>();
  for (const [slug, stream] of [...s.streams]) {
    const parts = tryParse(() => parseStreamSlug(slug));
    if (!parts || parts.device !== deviceSlugText || parts.isBlock || parts.project !== project) {
      continue;
    }
    const to = streamSlug(projectSlug(0), blockDevice, parts.lid);
    moved.set(slug, to);
    if (!s.streams.has(to)) {
      s.streams.set(to, { ...stream, slug: to, block: blockSlugText, org: block.org });
    }
  }
  const maskFrom = streamFor(env, device, VAR.dataMask);
  const maskTo = streamFor(env, block, VAR.dataMask);
  if (maskFrom && maskTo) {
    moved.set(maskFrom, maskTo);
  }
  for (const [from, to] of moved) {
    const source = s.pointsOf(from);
    if (source && source.length > 0) {
      const points = Array.from({ length: source.length }, (_, i) => source.pointAt(i));
      s.streamData.set(to, new ArraySource(points));
      s.streamData.set(from, new ArraySource());
    }
  }
  for (const e of s.events.values()) {
    const to = moved.get(String(e.stream));
    if (to) {
      e.stream = to;
    }
  }
  for (const n of s.notes.values()) {
    const to = moved.get(String(n.target));
    if (to) {
      n.target = to;
    } else if (n.target === deviceSlugText && (n.type ?? 'ui') === 'ui') {
      n.target = blockSlugText;
    }
  }
  for (const l of s.table<number>(LOCATIONS).values()) {
    if (l.target === deviceSlugText) {
      l.target = blockSlugText;
    }
  }
  for (const r of s.generatedReports.values()) {
    if (r.source_ref === deviceSlugText) {
      r.source_ref = blockSlugText;
    }
  }
  block.completed_on = nowIso(env);
  addNote(
    env,
    deviceSlugText,
    `Device data was archived. Datablock ID: ${blockSlugText}`,
    String(block.created_by),
    'si',
  );
  const wanted = (onComplete as { device?: Obj } | null | undefined)?.device;
  if (wanted && typeof wanted === 'object') {
    if (typeof wanted.state === 'string') {
      device.state = wanted.state;
      device.active = wanted.state !== 'N0';
    }
    if (typeof wanted.label === 'string') {
      device.label = wanted.label;
    }
  } else {
    device.state = 'N1';
    device.active = true;
  }
  return INLINE_PID;
}

/** The device a block slug belongs to (`b--0001-0000-0000-0a01` -> `d--0000-0000-0000-0a01`). */
export function deviceOfBlock(slug: string): string | null {
  return tryParse(() => deviceSlug(`0000-${slug.slice(8)}`));
}
