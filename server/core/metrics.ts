/**
 * Prometheus counters, kept as plain numbers so the hot path pays one increment.
 * Gauges (rooms, connections, spectators) are read from the relay when scraped, and
 * the process's memory: RSS beside what the JS heap and buffers hold, so a reader can
 * tell memory in use from memory the allocator keeps after a peak (docs/security.md).
 */
export const metrics = {
  framesIn: 0,
  bytesIn: 0,
  updatesAccepted: 0,
  applyBatches: 0,
  docEncodes: 0,
  awarenessIn: 0,
  framesOut: 0,
  updatesMerged: 0,
  updatesConcatenated: 0,
  rejected: new Map<number, number>(),
  roomsLoaded: 0,
  roomsUnloaded: 0,
  storageErrors: 0,
};

export function countRejected(code: number): void {
  metrics.rejected.set(code, (metrics.rejected.get(code) ?? 0) + 1);
}

export function renderMetrics(gauges: { rooms: number; connections: number; spectators: number }): string {
  const lines: string[] = [];
  const counter = (name: string, help: string, value: number) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
  const gauge = (name: string, help: string, value: number) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
  counter('wb_frames_received_total', 'WebSocket frames received from editors', metrics.framesIn);
  counter('wb_bytes_received_total', 'Bytes received from editors', metrics.bytesIn);
  counter('wb_updates_accepted_total', 'Document updates validated, applied and persisted', metrics.updatesAccepted);
  counter('wb_update_batches_total', 'Transactions that applied received updates (one per flush holds many under load)', metrics.applyBatches);
  counter('wb_doc_encodes_total', 'Whole documents encoded on the event loop for GET /doc (the rest were served from an encoding already made)', metrics.docEncodes);
  counter('wb_awareness_received_total', 'Awareness updates received', metrics.awarenessIn);
  counter('wb_frames_sent_total', 'Frames sent to editors', metrics.framesOut);
  counter('wb_updates_merged_total', 'Updates sent merged with others in one message', metrics.updatesMerged);
  counter('wb_updates_concatenated_total', 'Of the merged updates, those merged by copying bytes (no Y.mergeUpdates)', metrics.updatesConcatenated);
  counter('wb_rooms_loaded_total', 'Rooms loaded from storage', metrics.roomsLoaded);
  counter('wb_rooms_unloaded_total', 'Rooms unloaded after idling', metrics.roomsUnloaded);
  counter('wb_storage_errors_total', 'Failed storage writes (retried)', metrics.storageErrors);
  lines.push('# HELP wb_frames_rejected_total Connections closed for bad input, by close code', '# TYPE wb_frames_rejected_total counter');
  for (const [code, n] of metrics.rejected) lines.push(`wb_frames_rejected_total{code="${code}"} ${n}`);
  gauge('wb_rooms', 'Rooms in memory', gauges.rooms);
  gauge('wb_connections', 'Open editor connections', gauges.connections);
  gauge('wb_spectators', 'Open spectator streams', gauges.spectators);
  const mem = process.memoryUsage();
  gauge('process_resident_memory_bytes', 'Resident memory size in bytes', mem.rss);
  gauge('wb_heap_used_bytes', 'JavaScript heap in use', mem.heapUsed);
  gauge('wb_external_memory_bytes', 'Memory outside the JavaScript heap held by JavaScript objects (buffers included)', mem.external);
  return lines.join('\n') + '\n';
}
