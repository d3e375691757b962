import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as the receiver decoded it from an OTLP/HTTP protobuf export. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

/** A local OTLP/HTTP collector: what Scout exported, decoded. */
export interface OtlpReceiver {
  /** Base URL to use as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

type Field = { no: number; wire: number; value: bigint | Buffer };

/** Protobuf wire format, just enough of it: varints, fixed64/32 and length-delimited fields. */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      out.push({ no, wire, value: buf.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const bytesOf = (list: Field[], no: number): Buffer[] =>
  list.filter((f) => f.no === no && f.wire === 2).map((f) => f.value as Buffer);

function anyValue(buf: Buffer): string | number | boolean {
  const [field] = fields(buf);
  if (!field) return '';
  if (field.no === 1) return (field.value as Buffer).toString('utf8');
  if (field.no === 2) return field.value !== 0n;
  if (field.no === 3) return Number(field.value);
  if (field.no === 4) return (field.value as Buffer).readDoubleLE(0);
  return '';
}

function attributes(list: Buffer[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list) {
    const parts = fields(kv);
    const key = bytesOf(parts, 1)[0]?.toString('utf8') ?? '';
    const value = bytesOf(parts, 2)[0];
    out[key] = value ? anyValue(value) : '';
  }
  return out;
}

/** ExportTraceServiceRequest → spans, with the service name of their resource. */
function decodeExport(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of bytesOf(fields(body), 1)) {
    const rs = fields(resourceSpans);
    const resource = bytesOf(rs, 1)[0];
    const service = String(
      resource ? (attributes(bytesOf(fields(resource), 1))['service.name'] ?? '') : '',
    );
    for (const scopeSpans of bytesOf(rs, 2)) {
      for (const span of bytesOf(fields(scopeSpans), 2)) {
        const sf = fields(span);
        const kind = sf.find((f) => f.no === 6);
        spans.push({
          service,
          traceId: bytesOf(sf, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(sf, 2)[0]?.toString('hex') ?? '',
          parentSpanId: bytesOf(sf, 4)[0]?.toString('hex') ?? '',
          name: bytesOf(sf, 5)[0]?.toString('utf8') ?? '',
          kind: kind ? Number(kind.value) : 0,
          attributes: attributes(bytesOf(sf, 9)),
        });
      }
    }
  }
  return spans;
}

/** Starts a collector on a free local port that accepts `POST /v1/traces` (protobuf). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.method === 'POST' && req.url === '/v1/traces') spans.push(...decodeExport(body));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
