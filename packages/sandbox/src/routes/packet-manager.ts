import { packetDtoSchema, type PacketDto } from '@crvs-mosip/contracts';
import type { FastifyInstance } from 'fastify';
import { protect } from '../auth/auth-adapter.ts';
import type { WriterProvider } from '../config.ts';
import type { SandboxContext } from '../context.ts';
import { envelope, errorEnvelope } from '../http/mosip-reply.ts';
import { writePacket } from '../packet-manager/packet-writer.ts';

const WRITER_ID = 'mosip.registration.packet.writer';

/**
 * `PacketHelper.isSourceAndProcessPresent` (mosip/packet-manager): case-insensitive substring matches on
 * the whole configured strings, after removing a trailing `-<digits>` iteration from the process.
 */
export function findWriterProvider(providers: WriterProvider[], source: string, process: string) {
  const reqSource = source.toUpperCase();
  const reqProcess = process.replace(/-\d+$/, '').toUpperCase();
  return providers.find(
    (p) => p.source.toUpperCase().includes(reqSource) && p.process.toUpperCase().includes(reqProcess),
  );
}

/**
 * `PUT /commons/v1/packetmanager/createPacket` (mosip/packet-manager `PacketWriterController`,
 * `PacketWriter` facade, `PacketServiceControllerAdvice`). Only a missing provider is reported with a code
 * (`KER-PUT-006`); every later failure is swallowed by the facade into HTTP 200, `response: null, errors: []`.
 */
export function registerPacketManagerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.put(
    '/commons/v1/packetmanager/createPacket',
    {
      config: { endpoint: 'createPacket' },
      preHandler: protect(ctx, {
        service: 'packet-manager',
        roles: ['REGISTRATION_PROCESSOR', 'ONLINE_REGISTRATION_CLIENT'],
        style: 'spring',
      }),
    },
    async (request, reply) => {
      const now = ctx.clock();
      const parsed = packetDtoSchema.safeParse((request.body as { request?: unknown } | null)?.request);
      if (!parsed.success) {
        // Jackson could not bind the body into PacketDto: Spring answers 400 before the controller runs.
        return reply.code(400).send(errorEnvelope(now, 'KER-PUT-028', 'Unknown Exception.'));
      }
      const dto: PacketDto = parsed.data;
      if (dto.source == null || dto.process == null) {
        // A null source or process throws a NullPointerException in the provider lookup: Spring's 500.
        return reply.code(500).send({
          timestamp: new Date(now).toISOString(),
          status: 500,
          error: 'Internal Server Error',
          path: request.url,
        });
      }
      if (!findWriterProvider(ctx.config.writerProviders, dto.source, dto.process)) {
        return errorEnvelope(now, 'KER-PUT-006', 'No available provider for given source and process');
      }
      try {
        const infos = await writePacket(dto, {
          store: ctx.packetStore,
          keyStore: ctx.keyStore,
          clock: ctx.clock,
        });
        return envelope(now, { id: WRITER_ID, version: 'v1', response: infos, errors: [] });
      } catch (error) {
        request.log.warn({ rid: dto.id, code: (error as { code?: string }).code }, 'createPacket failed');
        return envelope(now, { id: WRITER_ID, version: 'v1', response: null, errors: [] });
      }
    },
  );
}
