import { describe, expect, it } from 'vitest';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import { describeClose, StatusStore } from './status.ts';

describe('connection status', () => {
  it('describes 4xxx closes with the known reason, else the server text', () => {
    expect(describeClose(CloseCode.RoomFull, 'whatever', closeReason)).toBe('room full (4529)');
    expect(describeClose(4999, 'custom', closeReason)).toBe('custom (4999)');
    expect(describeClose(1006, '', closeReason)).toBeNull();
  });

  it('notifies subscribers only on change', () => {
    const s = new StatusStore();
    const seen: string[] = [];
    s.subscribe((v) => seen.push(`${v.state}:${v.reason ?? ''}`));
    s.set('connected');
    s.set('connected');
    s.set('reconnecting', 'relay restarting (4503)');
    expect(seen).toEqual(['connecting:', 'connected:', 'reconnecting:relay restarting (4503)']);
  });

  it('carries "not saving" and a notice apart from the socket state, notifying once per change', () => {
    const s = new StatusStore();
    const seen: string[] = [];
    s.subscribe((v) => seen.push(`${v.state}:${v.saving}:${v.notice?.message ?? ''}`));
    s.set('connected');
    s.setSaving(false);
    s.setSaving(false);
    s.set('reconnecting');
    const notice = { message: 'kept', file: null };
    s.setNotice(notice);
    s.setNotice(notice);
    s.setSaving(true);
    s.setNotice(null);
    expect(seen).toEqual(['connecting:true:', 'connected:true:', 'connected:false:', 'reconnecting:false:', 'reconnecting:false:kept', 'reconnecting:true:kept', 'reconnecting:true:']);
  });
});
