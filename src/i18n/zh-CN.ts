import type { Strings } from './en.js';

/** Simplified Chinese strings. */
export const zhCN = {
  common: {
    missingId: '未提供客户编号。',
    invalidId: (id: string) => `“${id}”不是有效的客户编号。`,
    notConfigured: '无法显示客户数据：页面尚未配置 crm-widgets。',
  },
  customerCard: {
    label: '客户',
    loading: '正在加载客户…',
    tags: '标签',
    email: '邮箱',
    phone: '电话',
    lifetimeValue: '累计消费',
    customerSince: '成为客户',
    lastContact: '最近联系',
    noContactYet: '尚无联系记录',
    owner: '负责人',
    tier: (tier: string) => ({ bronze: '铜牌', silver: '银牌', gold: '金牌', platinum: '白金' })[tier] ?? tier,
  },
  errors: {
    notFound: '该客户不存在，或您无权查看。',
    auth: '登录已过期，请重新登录后查看该客户。',
    network: '无法连接 CRM，请检查网络后重试。',
    timeout: 'CRM 响应超时。',
    validation: 'CRM 返回的数据无法显示。',
    conflict: '该记录已被他人修改。',
    server: 'CRM 无法处理此请求。',
    retry: '重试',
  },
} satisfies Strings;
