import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab title: "<page> – Cổng dịch vụ công Tỉnh Số". */
export function PageTitle({ title }: { title?: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} – ${t('app.name')}` : t('app.name');
  }, [title, t]);
  return null;
}
