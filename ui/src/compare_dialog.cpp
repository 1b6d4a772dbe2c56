// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_dialog.h"

#include "comparison_chart.h"
#include "format.h"
#include "plot/qcp_include.h"

#include <rlab/engine/fidelity.h>
#include <rlab/engine/tunables.h>

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <limits>

namespace rlab::ui {

namespace {

/// The plots sample every 10 ms; the comparison every 100 ms, as timeseries.csv does by default.
constexpr engine::Tick kCompareSample = 100 * engine::kTicksPerMs;

} // namespace

CompareDialog::CompareDialog(engine::Scenario session, std::uint64_t seed, engine::Tick until,
    std::uint64_t memoryLimit, QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_seed(seed)
    , m_until(
          std::max<engine::Tick>(until, engine::kTicksPerSecond) / engine::kTicksPerMs * engine::kTicksPerMs)
    , m_memoryLimit(memoryLimit)
    , m_intro(new QLabel(this))
    , m_sysctl(new QComboBox(this))
    , m_value(new QSpinBox(this))
    , m_valueLabel(new QLabel(this))
    , m_compare(new QPushButton(this))
    , m_status(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_table(new QTableWidget(this))
    , m_exportChart(new QPushButton(this))
    , m_exportTable(new QPushButton(this))
{
    setObjectName(QStringLiteral("compareDialog"));
    m_sysctl->setObjectName(QStringLiteral("compareSysctl"));
    m_value->setObjectName(QStringLiteral("compareValue"));
    m_intro->setWordWrap(true);
    for (const engine::SysctlInfo& info : engine::sysctlTable()) {
        if (!info.vector && info.max <= std::numeric_limits<int>::max())
            m_sysctl->addItem(
                QString::fromLatin1(info.name.data(), static_cast<qsizetype>(info.name.size())));
    }
    m_sysctl->setCurrentText(QStringLiteral("vm.swappiness"));
    updateValueRange();
    m_value->setValue(200);
    connect(m_sysctl, &QComboBox::currentIndexChanged, this, &CompareDialog::updateValueRange);
    connect(m_compare, &QPushButton::clicked, this, &CompareDialog::start);

    auto* form = new QHBoxLayout;
    form->addWidget(m_sysctl);
    form->addWidget(m_valueLabel);
    form->addWidget(m_value);
    form->addWidget(m_compare);
    form->addWidget(m_status, 1);

    m_plot->setMinimumSize(900, 480);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_plot);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_exportChart);
    buttons->addWidget(m_exportTable);
    auto* close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("compareClose"));
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    buttons->addWidget(close);
    m_exportChart->setEnabled(false);
    m_exportTable->setEnabled(false);
    connect(m_exportChart, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Chart"), QStringLiteral("compare.png"), tr("Images (*.png *.svg *.pdf)"));
        QString error;
        if (!path.isEmpty() && !exportChart(path, &error))
            QMessageBox::critical(this, tr("Export Chart"), error);
    });
    connect(m_exportTable, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Table"), QStringLiteral("differences.csv"), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportTable(path, &error))
            QMessageBox::critical(this, tr("Export Table"), error);
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    retranslateUi();
    resize(1500, 820);
}

CompareDialog::~CompareDialog()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void CompareDialog::updateValueRange()
{
    const engine::SysctlInfo* info = engine::findSysctl(m_sysctl->currentText().toStdString());
    if (!info)
        return;
    m_value->setRange(static_cast<int>(std::max<std::int64_t>(info->min, std::numeric_limits<int>::min())),
        static_cast<int>(std::min<std::int64_t>(info->max, std::numeric_limits<int>::max())));
    m_value->setToolTip(QString::fromUtf8(info->help.data(), static_cast<qsizetype>(info->help.size())));
}

void CompareDialog::setVariant(const QString& sysctl, std::int64_t value)
{
    m_sysctl->setCurrentText(sysctl);
    m_value->setValue(static_cast<int>(value));
}

QString CompareDialog::chartTitle() const
{
    QStringList labels;
    for (const engine::VariantRun& run : m_runs)
        labels << QString::fromStdString(run.label);
    return QString::fromStdString(m_session.name) + QStringLiteral(": ") + labels.join(QStringLiteral(" / "));
}

void CompareDialog::start()
{
    if (m_thread)
        return;
    const QString name = m_sysctl->currentText();
    const std::int64_t value = m_value->value();
    engine::Variant base { tr("this run").toStdString(), m_session };
    engine::Variant variant { QStringLiteral("%1=%2").arg(name).arg(value).toStdString(), m_session };
    // Set at boot, after the scenario's own sysctls; a live change of it later in the run still applies.
    variant.scenario.sysctls.push_back({ name.toStdString(), { value } });
    if (auto error = engine::Simulator::validate(variant.scenario, m_memoryLimit)) {
        m_status->setText(QString::fromStdString(*error));
        return;
    }
    m_variants = { std::move(base), std::move(variant) };
    m_runs.clear();
    m_cancel = false;
    m_compare->setEnabled(false);
    m_status->setText(tr("Simulating both runs to %1…").arg(formatSimTime(m_until)));
    m_thread = QThread::create([this] {
        for (const engine::Variant& v : m_variants) {
            if (m_cancel)
                return;
            m_runs.push_back(engine::runVariant(
                v, m_seed, m_until, kCompareSample, m_memoryLimit, [this] { return !m_cancel.load(); }));
        }
    });
    connect(m_thread, &QThread::finished, this, &CompareDialog::showResults);
    m_thread->start();
}

void CompareDialog::showResults()
{
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    m_compare->setEnabled(true);
    if (m_runs.size() != m_variants.size()) {
        m_status->setText(tr("Cancelled"));
        return;
    }
    std::vector<ChartVariant> chart;
    for (const engine::VariantRun& run : m_runs)
        chart.push_back({ QString::fromStdString(run.label), engine::seriesFromRecording(run.recording) });
    drawVariantChart(*m_plot, chart, chartTitle());
    m_plot->replot();

    const auto table = engine::differencesTable(m_runs);
    m_table->clear();
    m_table->setRowCount(static_cast<int>(table.size()) - 1);
    m_table->setColumnCount(table.empty() ? 0 : static_cast<int>(table.front().size()));
    for (std::size_t c = 0; c < table.front().size(); ++c) {
        const QString head = c == 0 ? tr("timeseries.csv column") : QString::fromStdString(table.front()[c]);
        m_table->setHorizontalHeaderItem(static_cast<int>(c), new QTableWidgetItem(head));
    }
    for (std::size_t r = 1; r < table.size(); ++r) {
        for (std::size_t c = 0; c < table[r].size(); ++c) {
            auto* item = new QTableWidgetItem(QString::fromStdString(table[r][c]));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(static_cast<int>(r) - 1, static_cast<int>(c), item);
        }
    }
    m_table->resizeColumnsToContents();
    QString status = tr("Both ran %1 of simulated time from the start.").arg(formatSimTime(m_until));
    for (const engine::VariantRun& run : m_runs) {
        if (!run.stopReason.empty())
            status += QLatin1Char(' ')
                + tr("%1 stopped at %2: %3")
                      .arg(QString::fromStdString(run.label), formatSimTime(run.end),
                          QString::fromStdString(run.stopReason));
    }
    m_status->setText(status);
    m_exportChart->setEnabled(true);
    m_exportTable->setEnabled(true);
    Q_EMIT comparisonFinished();
}

bool CompareDialog::exportChart(const QString& path, QString* error)
{
    return exportChartFile(*m_plot, path, chartTitle(), error);
}

bool CompareDialog::exportTable(const QString& path, QString* error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    file.write(QByteArray::fromStdString(engine::differencesCsv(m_runs)));
    return true;
}

void CompareDialog::retranslateUi()
{
    setWindowTitle(tr("Compare with a Variant"));
    m_intro->setText(
        tr("Runs this scenario twice from 0 s to %1 on one clock, with your live changes at their "
           "times: as it ran, and with one sysctl set otherwise from the start. The chart draws "
           "both; the table lists every timeseries.csv column at the end and the difference.")
            .arg(formatSimTime(m_until)));
    m_valueLabel->setText(tr("set to"));
    m_compare->setText(tr("Compare"));
    m_exportChart->setText(tr("Export Chart…"));
    m_exportTable->setText(tr("Export Table…"));
}

void CompareDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace rlab::ui
