import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessGuard } from './common/auth/access.guard';
import { StorageModule } from './common/storage/content-stores';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { UnsafeTextPipe } from './common/validation/unsafe-text';
import { createValidationPipe } from './common/validation/validation.pipe';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env';
import { DatabaseModule } from './database/database.module';
import { AssessmentsModule } from './modules/assessments/assessments.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import type { Catalogue } from './modules/clauses/catalogue.types';
import { CloseOutModule } from './modules/close-out/close-out.module';
import { ClauseCatalogueModule } from './modules/clauses/clause-catalogue.service';
import { ClausesModule } from './modules/clauses/clauses.module';
import { ContractorsModule } from './modules/contractors/contractors.module';
import { ContractsModule } from './modules/contracts/contracts.module';
import { SubcontractsModule } from './modules/contracts/subcontracts.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { EvidenceModule } from './modules/evidence/evidence.module';
import { ExternalServicesModule } from './modules/external-services/external-services.module';
import { HealthModule } from './modules/health/health.module';
import { ImprovementOrdersModule } from './modules/improvement-orders/improvement-orders.module';
import { IncidentsModule } from './modules/incidents/incidents.module';
import { InspectionsModule } from './modules/inspections/inspections.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { SettingsModule } from './modules/settings/settings.module';
import { SnsModule } from './modules/sns/sns.module';
import { UsersModule } from './modules/users/users.module';
import { WebModule } from './modules/web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, catalogue: Catalogue): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        StorageModule,
        ClauseCatalogueModule.forRoot(catalogue),
        AuthModule,
        UsersModule,
        ContractorsModule,
        ClausesModule,
        ContractsModule,
        SubcontractsModule,
        CloseOutModule,
        EvidenceModule,
        AssessmentsModule,
        ImprovementOrdersModule,
        IncidentsModule,
        InspectionsModule,
        SnsModule,
        ExternalServicesModule,
        AuditModule,
        DashboardModule,
        HealthModule,
        WebModule,
        NotificationsModule,
        SettingsModule,
        // The daily jobs run only where JOBS_ENABLED (off in tests, which call the jobs directly).
        ...(config.jobsEnabled ? [ScheduleModule.forRoot()] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // The plain-text rule first, on the raw input, then the DTO validation.
        { provide: APP_PIPE, useClass: UnsafeTextPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
