import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documents one entry of `errors[]` in the OpenAPI schema. */
export class FieldErrorDto {
  @ApiProperty({
    example: 'fullName',
    description: 'Path of the offending field or key',
  })
  field!: string;

  @ApiProperty({
    example: 'fullName must be shorter than or equal to 200 characters',
  })
  message!: string;

  @ApiProperty({
    example: 'maxLength',
    description: 'Machine-readable rule that failed',
  })
  code!: string;
}

/** RFC 9457 problem details as Scout sends them; the documented body of every error response. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:scout:problem:validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Request validation failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request body has 1 invalid field.' })
  detail!: string;

  @ApiProperty({ example: '/v1/profiles' })
  instance!: string;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: 'Stable error code',
  })
  code!: string;

  @ApiProperty({ example: '3b0c8a4e-7f1d-4c52-9a55-1b8e4f0c2d11' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
