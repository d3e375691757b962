import { ApiProperty } from '@nestjs/swagger';

/** One dependency's state inside a health report. */
export class HealthDetailDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  [extra: string]: unknown;
}

/** Terminus-shaped health report: overall status plus per-dependency detail. */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthDetailDto' },
  })
  info!: Record<string, HealthDetailDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthDetailDto' },
  })
  error!: Record<string, HealthDetailDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthDetailDto' },
  })
  details!: Record<string, HealthDetailDto>;
}
