import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PAGE_LIMIT } from '@scout/common';

/** `limit` and `cursor`, shared by every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: PAGE_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(PAGE_LIMIT.min)
  @Max(PAGE_LIMIT.max)
  limit: number = PAGE_LIMIT.default;

  @ApiPropertyOptional({ description: 'Opaque cursor from `page.nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 1_000)
  cursor?: string;
}

/** Where the next page starts. */
export class PageInfoDto {
  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page' })
  nextCursor!: string | null;
}
