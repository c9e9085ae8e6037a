import { z } from 'zod';
import { responseWrapperSchema } from './envelope.ts';

/**
 * Workflow instance API (mosip/registration, workflow-manager `WorkflowInstanceApi`,
 * `WorkflowInstanceRequestValidator`). `id` and `version` are validated strictly; inner fields are not.
 */
export const WORKFLOW_INSTANCE_API_ID = 'mosip.registration.processor.workflow.instance';
export const WORKFLOW_INSTANCE_VERSION = 'v1';

export const notificationInfoSchema = z.object({
  name: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});
export type NotificationInfo = z.infer<typeof notificationInfoSchema>;

export const workflowInstanceRequestSchema = z.object({
  registrationId: z.string().nullable().optional(),
  process: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  additionalInfoReqId: z.string().nullable().optional(),
  notificationInfo: notificationInfoSchema.nullable().optional(),
});
export type WorkflowInstanceRequest = z.infer<typeof workflowInstanceRequestSchema>;

export const workflowInstanceResponseSchema = responseWrapperSchema(
  z.object({ workflowInstanceId: z.string() }),
);
export type WorkflowInstanceResponse = z.infer<typeof workflowInstanceResponseSchema>;

/** Topic and payload of the workflow-completed WebSub event (`WorkflowInternalActionVerticle`). */
export const WORKFLOW_COMPLETED_TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';
export const workflowCompletedEventSchema = z.object({
  instanceId: z.string(),
  resultCode: z.string(),
  workflowType: z.string(),
  errorCode: z.string().nullable(),
});
export type WorkflowCompletedEvent = z.infer<typeof workflowCompletedEventSchema>;
