/**
 * Viewports in awareness, and following someone. Each editor publishes the board point
 * at the centre of its screen and its zoom (PresenceState.viewport), once per frame at
 * most. Following copies the leader's viewport onto our camera whenever it changes;
 * any pan or zoom of our own (input.ts reports it) stops following. A leader who presents
 * a frame (client/present/) is followed by fitting that frame to our own screen instead.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Camera } from '../render/camera.ts';
import { requestFrame } from '../render/frame.ts';
import { frameCamera } from '../present/frameCamera.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import { peerPresent, peerViewport } from './peerState.ts';

export class Follow {
  private leader: number | null = null;
  private listeners = new Set<(leader: number | null) => void>();

  constructor(
    private awareness: Awareness,
    private camera: Camera,
    private size: () => { width: number; height: number },
    /** a frame of this board by id (presentations), null when there is none */
    private frameById: (id: string) => FrameShape | null = () => null,
  ) {
    camera.onChange(() => requestFrame(this.publish, 'input'));
    awareness.on('change', () => this.apply());
    this.publish();
  }

  /** Whom we follow (awareness client id), or null. */
  get following(): number | null {
    return this.leader;
  }

  start(client: number): void {
    if (client === this.awareness.clientID) return;
    this.leader = client;
    this.emit();
    this.apply();
  }

  stop(): void {
    if (this.leader === null) return;
    this.leader = null;
    this.emit();
  }

  onChange(fn: (leader: number | null) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The frame the leader presents, when we follow someone presenting one this board has. */
  presented(): FrameShape | null {
    if (this.leader === null) return null;
    const frame = peerPresent(this.awareness.getStates().get(this.leader));
    return frame === null ? null : this.frameById(frame);
  }

  /** Re-publishes after the window resized. */
  publish = () => {
    const s = this.size();
    const c = this.camera.toBoard(s.width / 2, s.height / 2);
    const r = (v: number) => Math.round(v * 100) / 100;
    const scale = Math.round(this.camera.scale * 1e4) / 1e4;
    this.awareness.setLocalStateField('viewport', { x: r(c.x), y: r(c.y), scale });
  };

  private apply() {
    if (this.leader === null) return;
    const state = this.awareness.getStates().get(this.leader);
    if (!state) return this.stop(); // the leader left
    const s = this.size();
    const frame = this.presented();
    if (frame) return this.camera.set(frameCamera(frame, s));
    const v = peerViewport(state);
    if (!v) return;
    this.camera.set({ scale: v.scale, x: s.width / 2 - v.x * v.scale, y: s.height / 2 - v.y * v.scale });
  }

  private emit() {
    for (const fn of this.listeners) fn(this.leader);
  }
}
